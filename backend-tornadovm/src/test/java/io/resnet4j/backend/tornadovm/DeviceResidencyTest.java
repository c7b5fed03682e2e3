package io.resnet4j.backend.tornadovm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.rewrite.BatchNormFolding;
import io.resnet4j.nn.Architectures;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * Activations stay on the device from input to logits, across every cut between task graphs: the values equal the
 * java backend's (an independent implementation on the host), and TornadoVM's own transfer count shows that a run
 * copies in only the input and copies out only what was asked for.
 */
@AddLifecycleHook(value = TornadoBackendConformanceTest.SkipUnlessAvailable.class,
        propagateTo = PropagationMode.ALL_DESCENDANTS)
class DeviceResidencyTest {
    private static final Shape INPUT = Shape.of(2, 3, 48, 40);
    /** Bytes per task launch TornadoVM may copy in besides our arrays: its own per-launch record, with room. */
    private static final int LAUNCH_RECORD = 64;

    @Example
    void deviceResidentChainMatchesTheJavaBackendOnEveryTap() {
        // ResNet-50: bottleneck blocks with downsamples, cut every 2 tasks or so, so values cross many cuts, including
        // the blocks' inputs that their last conv reads again.
        Graph graph = Architectures.find("resnet50").create(3).graph();
        Tensor input = input(INPUT, 1);
        Map<String, Tensor> expected;
        try (Backend java = Backends.open("java")) {
            expected = java.compile(graph).run(input, graph.taps().keySet());
        }
        try (TornadoBackend chained = new TornadoBackend(new TornadoBackendProvider().choice(), 2)) {
            CompiledGraph compiled = chained.compile(graph);
            for (int run = 0; run < 2; run++) { // the second run reuses every device buffer
                Map<String, Tensor> actual = compiled.run(input, graph.taps().keySet());
                expected.forEach((tap, t) -> {
                    double scale = maxAbs(t) + 1;
                    double diff = t.maxAbsDiff(actual.get(tap));
                    assertTrue(diff <= 1e-4 * scale, tap + ": max |tornadovm - java| = " + diff + " (scale " + scale + ")");
                });
            }
        }
    }

    @Example
    void onlyTheInputGoesInAndOnlyTheAskedValuesComeOut() {
        Graph graph = BatchNormFolding.apply(Architectures.find("resnet18").create(5).graph());
        Shape[] shapes = graph.inferShapes(INPUT);
        int output = graph.output().id();
        int tap = graph.taps().get("layer2").id();
        try (ShapePlan plan = new ShapePlan(DevicePlanner.plan(graph, ConvKernel.REGISTERS), shapes, Set.of(output, tap),
                new TornadoBackendProvider().choice(), 4, true)) {
            assertTrue(plan.chunks() > 3, "the test needs several task graphs, got " + plan.chunks());
            float[] first = input(INPUT, 2).data();
            float[] second = input(INPUT, 3).data();
            plan.run(first, Set.of(output, tap)); // the first run also uploads weights and parameters
            float[] tapAfterFirst = plan.hostCopy(tap);

            Map<Integer, float[]> values = plan.run(second, Set.of(output));
            // Besides the input, TornadoVM sends each launch a small record of its own (24 bytes per task on
            // TornadoVM 5.2 + OpenCL); the smallest activation here is 8 KB, so none can hide in the slack.
            long extra = plan.lastBytesIn() - INPUT.size() * Float.BYTES;
            assertTrue(extra >= 0 && extra <= LAUNCH_RECORD * plan.tasks(), "bytes copied to the device beyond the"
                    + " input: " + extra + " for " + plan.tasks() + " tasks");
            assertEquals(0, plan.lastBytesOut(), "bytes the executions copied back by themselves");
            assertEquals(Set.of(output), values.keySet());
            // The tap was computed again on the device, but not asked for: its host array still holds the first run.
            assertArrayEquals(tapAfterFirst, plan.hostCopy(tap), "a value not asked for was copied back");

            plan.run(second, Set.of(output, tap));
            assertFalse(Arrays.equals(tapAfterFirst, plan.hostCopy(tap)), "asked for, the tap comes back");
        }
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static Tensor input(Shape shape, int seed) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.data().length; i++) {
            t.data()[i] = (float) Math.sin(seed * 0.37 + i * 0.011);
        }
        return t;
    }
}
