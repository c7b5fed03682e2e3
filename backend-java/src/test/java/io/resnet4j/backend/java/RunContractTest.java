package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What {@link CompiledGraph#run} promises callers, beyond numerical correctness. */
class RunContractTest {
    private static final Graph NET = ResNetGraphs.bottleneck(11, new int[] {1, 1}, 8, 6);
    private static final List<String> TAPS = List.of("stem", "layer1", "layer2", "avgpool", "logits");

    private static Tensor input(long seed, int batch) {
        return Fixtures.random(new SplittableRandom(seed), batch, 3, 24, 24);
    }

    @Test
    void sameInputTwiceGivesBitIdenticalResults() {
        for (JavaBackend backend : Fixtures.bothPaths()) {
            CompiledGraph compiled = backend.compile(NET);
            Tensor x = input(1, 2);
            assertArrayEquals(compiled.run(x).data(), compiled.run(x).data(), backend.kernelDescription());
        }
    }

    /** Each image's result is bit-identical whether it runs alone or in a batch, and with 1 or 2 threads. */
    @Test
    void batchItemsAreIndependentOfEachOtherAndOfThreadCount() {
        Tensor batch = input(2, 3);
        try (JavaBackend single = new JavaBackend(1, KernelSelection.vectorOrScalar())) {
            Tensor together = Fixtures.VECTOR.compile(NET).run(batch);
            CompiledGraph alone = single.compile(NET);
            int classes = together.dim(1);
            for (int n = 0; n < 3; n++) {
                float[] expected = java.util.Arrays.copyOfRange(together.data(), n * classes, (n + 1) * classes);
                assertArrayEquals(expected, alone.run(batch.slice(n)).data(), "image " + n);
            }
        }
    }

    @Test
    void wrongInputShapeIsRefusedBeforeAnyWork() {
        CompiledGraph compiled = Fixtures.VECTOR.compile(NET);
        var e = assertThrows(ResNet4jException.class, () -> compiled.run(Tensor.zeros(1, 4, 24, 24)));
        assertTrue(e.getMessage().contains("input"), e.getMessage());
        var tooSmall = assertThrows(ResNet4jException.class, () -> compiled.run(Tensor.zeros(1, 3, 24)));
        assertTrue(tooSmall.getMessage().contains("N×3×H×W"), tooSmall.getMessage());
        assertThrows(ResNet4jException.class, () -> compiled.run(null));
    }

    @Test
    void unknownTapIsRefusedListingTheValidOnes() {
        CompiledGraph compiled = Fixtures.VECTOR.compile(NET);
        var e = assertThrows(ResNet4jException.class, () -> compiled.run(input(3, 1), List.of("layer1", "layer9")));
        assertTrue(e.getMessage().contains("layer9"), e.getMessage());
        assertTrue(e.getMessage().contains("stem, layer1, layer2, avgpool, logits"), e.getMessage());
    }

    @Test
    void requestedTapsAreReturnedWithTheirShapes() {
        Map<String, Tensor> out = Fixtures.VECTOR.compile(NET).run(input(4, 2), TAPS);
        assertEquals(List.of("output", "stem", "layer1", "layer2", "avgpool", "logits"), List.copyOf(out.keySet()));
        assertEquals("[2, 8, 6, 6]", out.get("stem").shape().toString());
        assertEquals("[2, 32, 6, 6]", out.get("layer1").shape().toString());
        assertEquals("[2, 64, 3, 3]", out.get("layer2").shape().toString());
        assertEquals("[2, 64, 1, 1]", out.get("avgpool").shape().toString());
        assertArrayEquals(out.get("output").data(), out.get("logits").data());
        assertNotSame(out.get("output").data(), out.get("logits").data(), "each result owns its array");
    }

    @Test
    void resultsSurviveLaterRunsAndInputIsNotModified() {
        CompiledGraph compiled = Fixtures.VECTOR.compile(NET);
        Tensor x = input(5, 1);
        float[] xBefore = x.data().clone();
        Map<String, Tensor> first = compiled.run(x, TAPS);
        Map<String, float[]> snapshot = new java.util.HashMap<>();
        first.forEach((k, v) -> snapshot.put(k, v.data().clone()));
        compiled.run(input(6, 1), TAPS);
        first.forEach((k, v) -> assertArrayEquals(snapshot.get(k), v.data(), k + " changed by a later run"));
        assertArrayEquals(xBefore, x.data(), "the input was modified");
    }

    @Test
    void closedBackendRefusesToRun() {
        JavaBackend backend = new JavaBackend(2, KernelSelection.vectorOrScalar());
        CompiledGraph compiled = backend.compile(NET);
        backend.close();
        var e = assertThrows(ResNet4jException.class, () -> compiled.run(input(7, 1)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(ResNet4jException.class, () -> backend.compile(NET));
    }
}
