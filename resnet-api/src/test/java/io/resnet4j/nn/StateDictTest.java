package io.resnet4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateDictTest {

    @Test
    void valuesDependOnSeedAndNameNotOnDeclarationOrder() {
        StateDict a = new StateDict(7);
        new Conv2d(a, "x", 4, 8, 3, 1, 1, 1, 1);
        new Conv2d(a, "y", 4, 8, 3, 1, 1, 1, 1);
        StateDict b = new StateDict(7);
        new Conv2d(b, "y", 4, 8, 3, 1, 1, 1, 1);
        new Conv2d(b, "x", 4, 8, 3, 1, 1, 1, 1);
        assertArrayEquals(a.tensor("x.weight").data(), b.tensor("x.weight").data());
        StateDict c = new StateDict(8);
        new Conv2d(c, "x", 4, 8, 3, 1, 1, 1, 1);
        assertEquals(false, java.util.Arrays.equals(a.tensor("x.weight").data(), c.tensor("x.weight").data()));
    }

    @Test
    void convInitHasTheArticlesStandardDeviation() {
        StateDict s = new StateDict(1);
        new Conv2d(s, "c", 64, 256, 3, 1, 1, 1, 1);
        float[] w = s.tensor("c.weight").data();
        double sumSq = 0;
        for (float v : w) {
            sumSq += v * v;
        }
        double std = Math.sqrt(sumSq / w.length);
        double expected = Math.sqrt(2.0 / (3 * 3 * 256));
        assertEquals(expected, std, expected * 0.02); // 147k samples: sampling error ≈ 0.2 %
    }

    @Test
    void batchNormDeclaresTorchvisionKeysInOrder() {
        StateDict s = new StateDict(0);
        new BatchNorm2d(s, "bn1", 16, true);
        assertEquals(List.of("bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked"),
                s.layout().stream().map(StateDict.Entry::name).toList());
        assertEquals(0f, s.tensor("bn1.weight").data()[3]);
        assertEquals(1f, s.tensor("bn1.running_var").data()[3]);
        assertEquals(32, s.parameterCount());
        assertEquals(Shape.of(), s.entry("bn1.num_batches_tracked").shape());
    }

    @Test
    void setChecksShapeAndKind() {
        StateDict s = new StateDict(0);
        new BatchNorm2d(s, "bn", 4);
        assertThrows(ResNet4jException.class, () -> s.set("bn.weight", Tensor.zeros(5)));
        assertThrows(ResNet4jException.class, () -> s.set("bn.num_batches_tracked", Tensor.zeros(1)));
        assertThrows(ResNet4jException.class, () -> s.tensor("nope"));
        s.setCounter("bn.num_batches_tracked", 1L << 40);
        assertEquals(1L << 40, s.counter("bn.num_batches_tracked"));
    }
}
