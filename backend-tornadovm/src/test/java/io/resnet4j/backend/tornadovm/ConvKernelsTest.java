package io.resnet4j.backend.tornadovm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * Both convolution kernels, whatever the device, on single convolutions covering every path they have (contiguous
 * 1×1, gathered taps with padding, strides, 7×7, groups, partial blocks of channels and pixels, images of one
 * column), against the java backend. (Residual and ReLU epilogues are covered by the conformance suite's fusion
 * properties.)
 */
@AddLifecycleHook(value = TornadoBackendConformanceTest.SkipUnlessAvailable.class,
        propagateTo = PropagationMode.ALL_DESCENDANTS)
class ConvKernelsTest {

    @Example
    void everyPathMatchesTheJavaBackend() {
        int[][] cases = { // cin, cout, k, stride, pad, groups, h, w
            {16, 24, 1, 1, 0, 1, 12, 10}, {64, 64, 1, 1, 0, 1, 8, 8}, {8, 16, 3, 1, 1, 1, 9, 7},
            {8, 12, 1, 2, 0, 1, 12, 10}, {3, 8, 7, 2, 3, 1, 20, 18}, {16, 16, 3, 2, 1, 4, 10, 10},
            // Images of one column and fewer pixels than one block, as a 34x11 input leaves at a ResNet's end (3x1,
            // 2x1): with the block count compiled in, TornadoVM 5.2 failed to compile one of that model's kernels.
            {8, 8, 3, 1, 1, 1, 3, 1}, {8, 8, 1, 1, 0, 1, 2, 1}, {8, 8, 3, 2, 1, 1, 5, 2}, {8, 8, 1, 2, 0, 1, 3, 1},
            {1, 4, 7, 2, 3, 1, 34, 11}, {16, 32, 3, 2, 1, 1, 3, 1}, {4, 4, 3, 1, 1, 1, 9, 3},
        };
        for (ConvKernel kernel : ConvKernel.values()) {
            for (int[] c : cases) {
                check(kernel, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
            }
        }
    }

    private static void check(ConvKernel kernel, int cin, int cout, int k, int stride, int pad, int groups, int h, int w) {
        Tensor weight = Tensor.zeros(Shape.of(cout, cin / groups, k, k));
        Tensor bias = Tensor.zeros(Shape.of(cout));
        fill(weight, 0.3);
        fill(bias, 0.7);
        Graph.Builder b = Graph.builder(cin);
        Graph graph = b.build(b.add("conv", new Op.Conv2d(weight, bias, stride, pad, 1, groups), b.input()));
        Tensor input = Tensor.zeros(Shape.of(2, cin, h, w));
        fill(input, 0.11);
        Tensor expected;
        try (Backend java = Backends.open("java")) {
            expected = java.compile(graph).run(input);
        }
        try (TornadoBackend tornado = new TornadoBackend(new TornadoBackendProvider().choice(),
                TornadoBackend.TASKS_PER_GRAPH, kernel)) {
            Tensor actual = tornado.compile(graph).run(input);
            double diff = expected.maxAbsDiff(actual);
            String what = kernel + ": cin " + cin + " cout " + cout + " k " + k + " stride " + stride + " pad " + pad
                    + " groups " + groups + " " + h + "x" + w;
            assertTrue(diff < 1e-4, what + ": max |tornadovm - java| = " + diff);
        }
    }

    private static void fill(Tensor t, double phase) {
        for (int i = 0; i < t.data().length; i++) {
            t.data()[i] = (float) Math.sin(phase + i * 0.37);
        }
    }
}
