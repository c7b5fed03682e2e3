package io.resnet4j.backend.tornadovm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.nn.Architectures;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * A plan cut into many task graphs computes exactly what one task graph does: the same kernels on the same data,
 * so every tap must be bit for bit equal. Two inputs in turn catch a hand-over that copies only on the first run.
 * (The deep models that need chains are covered by golden parity, where golden data exists.)
 */
@AddLifecycleHook(value = TornadoBackendConformanceTest.SkipUnlessAvailable.class,
        propagateTo = PropagationMode.ALL_DESCENDANTS)
class TaskGraphChainTest {

    @Example
    void chainOfTaskGraphsComputesWhatOneGraphDoes() {
        Graph graph = Architectures.find("resnet18").create(0).graph();
        DeviceChoice device = new TornadoBackendProvider().choice();
        try (TornadoBackend whole = new TornadoBackend(device, Integer.MAX_VALUE);
                TornadoBackend chained = new TornadoBackend(device, 4)) {
            CompiledGraph one = whole.compile(graph);
            CompiledGraph chain = chained.compile(graph);
            for (int seed = 1; seed <= 2; seed++) {
                Tensor input = input(Shape.of(1, 3, 40, 36), seed);
                Map<String, Tensor> expected = one.run(input, graph.taps().keySet());
                Map<String, Tensor> actual = chain.run(input, graph.taps().keySet());
                assertEquals(expected.keySet(), actual.keySet());
                expected.forEach((tap, t) -> assertArrayEquals(t.data(), actual.get(tap).data(), tap));
            }
        }
    }

    private static Tensor input(Shape shape, int seed) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.data().length; i++) {
            t.data()[i] = (float) Math.sin(seed * 0.37 + i * 0.011);
        }
        return t;
    }
}
