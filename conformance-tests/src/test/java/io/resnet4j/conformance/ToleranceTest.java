package io.resnet4j.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The comparison rule: non-finite reference values matched exactly in kind, finite ones within the bound. */
class ToleranceTest {
    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY;

    private static NodeValues reference(double... values) {
        double[] magnitude = new double[values.length];
        java.util.Arrays.fill(magnitude, 1);
        return new NodeValues(Shape.of(values.length), values, magnitude);
    }

    @Test
    void nonFiniteValuesMustMatchInKind() {
        NodeValues expected = reference(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1);
        assertDoesNotThrow(() -> Tolerance.requireClose("same", Tensor.wrap(new float[] {
                RandomData.NEGATIVE_NAN, INF, -INF, 1f}, 4), expected));
        for (float[] wrong : new float[][] {{0f, INF, -INF, 1f}, {NAN, -INF, -INF, 1f}, {NAN, INF, NAN, 1f},
                {NAN, INF, -INF, NAN}, {NAN, INF, -INF, INF}, {INF, INF, -INF, 1f}}) {
            assertThrows(AssertionError.class, () -> Tolerance.requireClose("wrong", Tensor.wrap(wrong, 4), expected));
        }
    }

    @Test
    void zerosCompareEqualWhateverTheirSign() {
        assertDoesNotThrow(() -> Tolerance.requireClose("−0", Tensor.wrap(new float[] {-0f}, 1), reference(0)));
    }
}
