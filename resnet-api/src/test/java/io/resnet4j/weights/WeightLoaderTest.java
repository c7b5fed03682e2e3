package io.resnet4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightLoaderTest {
    private static final Path SOURCE = Path.of("ckpt.pth");

    /** conv.weight [2,1], bn.running_mean [2], bn.num_batches_tracked; initial values are all 9. */
    private static StateDict model() {
        StateDict sd = new StateDict(1);
        StateDict.Initializer nines = (shape, random) -> filled((int) shape.size(), 9f);
        sd.declare("conv.weight", Shape.of(2, 1), StateDict.Kind.PARAMETER, nines);
        sd.declare("bn.running_mean", Shape.of(2), StateDict.Kind.BUFFER, nines);
        sd.declareCounter("bn.num_batches_tracked");
        return sd;
    }

    private static Checkpoint checkpoint(Map<String, Tensor> tensors, Map<String, Long> counters) {
        return new Checkpoint(SOURCE, new LinkedHashMap<>(tensors), new LinkedHashMap<>(counters), List.of("from test"));
    }

    @Test
    void strictLoadOfAMatchingCheckpointSetsEverything() throws Exception {
        StateDict sd = model();
        Tensor w = Tensor.wrap(new float[] {1, 2}, 2, 1);
        Tensor m = Tensor.wrap(new float[] {3, 4}, 2);
        LoadReport report = WeightLoader.load(sd, checkpoint(Map.of("conv.weight", w, "bn.running_mean", m), Map.of("bn.num_batches_tracked", 5L)), true);
        assertTrue(report.isComplete());
        assertSame(w, sd.tensor("conv.weight"));
        assertArrayEquals(new float[] {3, 4}, sd.tensor("bn.running_mean").data());
        assertEquals(5L, sd.counter("bn.num_batches_tracked"));
        assertEquals(List.of("from test", "loaded 3 of 3 entries"), report.notes());
    }

    @Test
    void strictFailureListsEveryProblemAndLoadsNothing() {
        StateDict sd = model();
        Checkpoint cp = checkpoint(
                Map.of("conv.weight", Tensor.wrap(new float[] {1, 2, 3}, 3, 1), "fc.bias", Tensor.wrap(new float[] {0}, 1)),
                Map.of("bn.num_batches_tracked", 5L, "layer9.num_batches_tracked", 1L));
        CheckpointException e = assertThrows(CheckpointException.class, () -> WeightLoader.load(sd, cp, true));
        assertEquals(SOURCE + ": does not match the model (nothing loaded): missing 1 [bn.running_mean]; "
                + "unexpected 2 [fc.bias, layer9.num_batches_tracked]; "
                + "shape mismatches 1 [conv.weight: checkpoint [3, 1] vs model [2, 1]]", e.getMessage());
        assertArrayEquals(new float[] {9, 9}, sd.tensor("conv.weight").data());
        assertEquals(0L, sd.counter("bn.num_batches_tracked"), "counter untouched although it matched");
    }

    @Test
    void nonStrictLoadsWhatMatchesAndReportsTheRest() throws Exception {
        StateDict sd = model();
        Checkpoint cp = checkpoint(
                Map.of("conv.weight", Tensor.wrap(new float[] {1, 2, 3}, 3, 1), "bn.running_mean", Tensor.wrap(new float[] {3, 4}, 2),
                        "fc.bias", Tensor.wrap(new float[] {0}, 1)),
                Map.of());
        LoadReport report = WeightLoader.load(sd, cp, false);
        assertEquals(List.of(), report.missing());
        assertEquals(List.of("fc.bias"), report.unexpected());
        assertEquals(List.of("conv.weight: checkpoint [3, 1] vs model [2, 1]"), report.shapeMismatches());
        assertArrayEquals(new float[] {9, 9}, sd.tensor("conv.weight").data());
        assertArrayEquals(new float[] {3, 4}, sd.tensor("bn.running_mean").data());
        assertTrue(report.notes().contains("kept the model's value for 1 counter absent from the checkpoint [bn.num_batches_tracked]"), report.notes().toString());
    }

    @Test
    void kindMismatchIsAShapeMismatch() throws Exception {
        StateDict sd = model();
        Checkpoint cp = checkpoint(Map.of("conv.weight", Tensor.wrap(new float[] {1, 2}, 2, 1), "bn.num_batches_tracked", Tensor.wrap(new float[] {1}, 1)),
                Map.of("bn.running_mean", 3L));
        LoadReport report = WeightLoader.load(sd, cp, false);
        assertEquals(List.of("bn.running_mean: checkpoint int64 scalar vs model [2]",
                "bn.num_batches_tracked: checkpoint float tensor [1] vs model int64 counter"), report.shapeMismatches());
    }

    @Test
    void loadsTheTorchFixtureIntoAHandBuiltModel() throws Exception {
        StateDict sd = new StateDict(0);
        StateDict.Initializer zeros = (shape, random) -> new float[(int) shape.size()];
        sd.declare("conv.weight", Shape.of(3, 2, 3, 3), StateDict.Kind.PARAMETER, zeros);
        sd.declare("bn.weight", Shape.of(3), StateDict.Kind.PARAMETER, zeros);
        sd.declare("bn.bias", Shape.of(3), StateDict.Kind.PARAMETER, zeros);
        sd.declare("bn.running_mean", Shape.of(3), StateDict.Kind.BUFFER, zeros);
        sd.declare("bn.running_var", Shape.of(3), StateDict.Kind.BUFFER, zeros);
        sd.declareCounter("bn.num_batches_tracked");
        sd.declare("fc.weight", Shape.of(4, 3), StateDict.Kind.PARAMETER, zeros);
        sd.declare("fc.bias", Shape.of(4), StateDict.Kind.PARAMETER, zeros);
        try (Checkpoint cp = Checkpoints.read(Fixtures.path("nested.pth"))) {
            assertThrows(CheckpointException.class, () -> WeightLoader.load(sd, cp, true)); // the extra.* keys
            LoadReport report = WeightLoader.load(sd, cp, false);
            assertEquals(List.of(), report.missing());
            assertEquals(6, report.unexpected().size()); // extra.half … extra.shared_b
            Fixtures.assertMatches("fc.weight", Fixtures.expected().get("fc.weight"), sd.tensor("fc.weight"));
            assertEquals(42L, sd.counter("bn.num_batches_tracked"));
        }
    }

    @Test
    void longListsAreSummarisedWithACountAndTheFirstFew() {
        assertEquals("missing 5 [a, b, c, …]", WeightLoader.summary("missing", List.of("a", "b", "c", "d", "e")));
        assertEquals("missing 3 [a, b, c]", WeightLoader.summary("missing", List.of("a", "b", "c")));
    }

    @Test
    void theReportSaysWhatShareOfTheModelCameFromTheCheckpoint() throws Exception {
        StateDict sd = model(); // conv.weight 2 values, bn.running_mean 2 values
        LoadReport report = WeightLoader.load(sd, checkpoint(Map.of("conv.weight", Tensor.wrap(new float[] {1, 2}, 2, 1)), Map.of()), false);
        assertEquals(2, report.loadedElements());
        assertEquals(4, report.totalElements());
        assertEquals(0.5, report.loadedFraction());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
