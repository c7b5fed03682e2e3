package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Each op, over random shapes, on both kernel paths, against {@link Reference}. */
class OpPropertiesTest {

    @Property(tries = 60)
    void convolutionMatchesReference(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 4) int groups,
            @ForAll @IntRange(min = 1, max = 6) int inPerGroup,
            @ForAll @IntRange(min = 1, max = 6) int outPerGroup,
            @ForAll @IntRange(min = 1, max = 20) int height,
            @ForAll @IntRange(min = 1, max = 20) int width,
            @ForAll @IntRange(min = 0, max = 2) int kernelChoice,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 0, max = 3) int padding,
            @ForAll @IntRange(min = 1, max = 2) int dilation,
            @ForAll boolean bias,
            @ForAll long seed) {
        int kernel = new int[] {1, 3, 7}[kernelChoice];
        int cin = groups * inPerGroup;
        int cout = groups * outPerGroup;
        // Grow the input just enough for the kernel's span, rather than discarding the sample.
        int minSize = Math.max(1, dilation * (kernel - 1) + 1 - 2 * padding);
        int h = Math.max(height, minSize);
        int w = Math.max(width, minSize);
        var random = new SplittableRandom(seed);
        Op.Conv2d conv = new Op.Conv2d(Fixtures.random(random, cout, inPerGroup, kernel, kernel),
                bias ? Fixtures.random(random, cout) : null, stride, padding, dilation, groups);
        Graph.Builder g = Graph.builder(cin);
        Graph graph = g.build(g.add("conv", conv, g.input()));
        checkBothPaths(graph, Fixtures.random(random, batch, cin, h, w));
    }

    @Property(tries = 30)
    void batchNormAndAddMatchReference(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 24) int channels,
            @ForAll @IntRange(min = 1, max = 20) int h,
            @ForAll @IntRange(min = 1, max = 20) int w,
            @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder(channels);
        Node a = g.add("bn_a", batchNorm(random, channels), g.input());
        Node b = g.add("bn_b", batchNorm(random, channels), g.input());
        Graph graph = g.build(g.add("add", new Op.Add(), a, b));
        checkBothPaths(graph, Fixtures.random(random, batch, channels, h, w));
    }

    @Property(tries = 30)
    void reluMatchesReference(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 24) int channels,
            @ForAll @IntRange(min = 1, max = 20) int h,
            @ForAll @IntRange(min = 1, max = 20) int w,
            @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder(channels);
        Graph graph = g.build(g.add("relu", new Op.Relu(), g.input()));
        checkBothPaths(graph, Fixtures.random(random, batch, channels, h, w));
    }

    @Property(tries = 40)
    void maxPoolMatchesReference(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 24) int channels,
            @ForAll @IntRange(min = 1, max = 20) int height,
            @ForAll @IntRange(min = 1, max = 20) int width,
            @ForAll @IntRange(min = 1, max = 7) int kernel,
            @ForAll @IntRange(min = 1, max = 3) int stride,
            @ForAll @IntRange(min = 0, max = 3) int padding,
            @ForAll long seed) {
        int pad = Math.min(padding, kernel / 2);
        int h = Math.max(height, kernel - 2 * pad);
        int w = Math.max(width, kernel - 2 * pad);
        var random = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder(channels);
        Graph graph = g.build(g.add("pool", new Op.MaxPool(kernel, stride, pad), g.input()));
        checkBothPaths(graph, Fixtures.random(random, batch, channels, h, w));
    }

    /** ResNet's stem pool has a path of its own (split rows); rows long enough for whole vectors, odd and even. */
    @Property(tries = 20)
    void stemMaxPoolMatchesReference(@ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 4) int channels,
            @ForAll @IntRange(min = 1, max = 12) int height,
            @ForAll @IntRange(min = 1, max = 80) int width,
            @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder(channels);
        Graph graph = g.build(g.add("pool", new Op.MaxPool(3, 2, 1), g.input()));
        checkBothPaths(graph, Fixtures.random(random, batch, channels, height, width));
    }

    /** Negative inputs show that padding is −∞, not 0. */
    @Property(tries = 10)
    void maxPoolPadsWithMinusInfinity(@ForAll @IntRange(min = 1, max = 9) int size, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Tensor x = Fixtures.random(random, 1, 2, size, size);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = -1 - Math.abs(x.data()[i]);
        }
        Graph.Builder g = Graph.builder(2);
        Graph graph = g.build(g.add("pool", new Op.MaxPool(3, 2, 1), g.input()));
        for (JavaBackend backend : Fixtures.bothPaths()) {
            Tensor y = backend.compile(graph).run(x);
            for (float v : y.data()) {
                assertTrue(v <= -1, "a padded zero leaked into the max: " + v);
            }
        }
        checkBothPaths(graph, x);
    }

    @Property(tries = 30)
    void avgPoolFlattenLinearMatchReference(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 24) int channels,
            @ForAll @IntRange(min = 1, max = 20) int h,
            @ForAll @IntRange(min = 1, max = 20) int w,
            @ForAll @IntRange(min = 1, max = 40) int classes,
            @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder(channels);
        Node pooled = g.tap("avgpool", g.add("avgpool", new Op.GlobalAvgPool(), g.input()));
        Node flat = g.add("flatten", new Op.Flatten(), pooled);
        Op.Linear fc = new Op.Linear(Fixtures.random(random, classes, channels), Fixtures.random(random, classes));
        Graph graph = g.build(g.add("fc", fc, flat));
        checkBothPaths(graph, Fixtures.random(random, batch, channels, h, w));
    }

    static Op.BatchNorm batchNorm(SplittableRandom random, int channels) {
        return new Op.BatchNorm(Fixtures.uniform(random, -2, 2, channels), Fixtures.uniform(random, -1, 1, channels),
                Fixtures.uniform(random, -1, 1, channels), Fixtures.uniform(random, 0.1, 2, channels), 1e-5f);
    }

    /** Compares every tap and the output of both kernel paths with the reference. */
    static void checkBothPaths(Graph graph, Tensor input) {
        var expected = Reference.run(graph, input);
        for (JavaBackend backend : Fixtures.bothPaths()) {
            var result = backend.compile(graph).run(input, graph.taps().keySet());
            String path = backend.kernelDescription();
            expected.get(graph.output().id()).assertClose(result.get("output"), path + " output");
            graph.taps().forEach((name, node) -> expected.get(node.id()).assertClose(result.get(name), path + " " + name));
        }
    }
}
