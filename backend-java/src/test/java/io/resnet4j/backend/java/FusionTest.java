package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The planner's fusions: what gets fused, what must not be, and that fused results still match the reference. */
class FusionTest {

    private static Op.Conv2d conv(SplittableRandom random, int in, int out, int k, int stride, int groups) {
        return new Op.Conv2d(Fixtures.random(random, out, in / groups, k, k), null, stride, k / 2, 1, groups);
    }

    private static List<Step> plan(Graph graph) {
        return ((JavaCompiledGraph) Fixtures.VECTOR.compile(graph)).steps();
    }

    /** The fused direct conv of a conv step, whether or not it runs as Winograd. */
    private static ConvStep directConv(Step step) {
        return step instanceof WinogradConvStep w ? w.direct() : assertInstanceOf(ConvStep.class, step);
    }

    @Property(tries = 25)
    void convBatchNormReluFuseIntoOneStep(@ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 24) int in, @ForAll @IntRange(min = 1, max = 24) int out,
            @ForAll @IntRange(min = 1, max = 12) int size, @ForAll @IntRange(min = 0, max = 2) int kernelChoice,
            @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder(in);
        Node c = g.add("conv", conv(random, in, out, new int[] {1, 3, 7}[kernelChoice], stride, 1), g.input());
        Node bn = g.add("bn", OpPropertiesTest.batchNorm(random, out), c);
        Graph graph = g.build(g.add("relu", new Op.Relu(), bn));

        List<Step> steps = plan(graph);
        assertEquals(1, steps.size(), "conv, BN and ReLU should be one step: " + steps);
        assertTrue(directConv(steps.getFirst()).fusesRelu());
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(random, batch, in, size, size));
    }

    /** A bottleneck's tail: conv→BN, plus a projected shortcut conv→BN, added, then ReLU. */
    @Property(tries = 25)
    void residualAddAndReluFuseIntoTheConv(@ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 16) int in, @ForAll @IntRange(min = 1, max = 16) int out,
            @ForAll @IntRange(min = 2, max = 12) int size, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder(in);
        Node main = g.add("bn3", OpPropertiesTest.batchNorm(random, out),
                g.add("conv3", conv(random, in, out, 3, stride, 1), g.input()));
        Node shortcut = g.add("ds.bn", OpPropertiesTest.batchNorm(random, out),
                g.add("ds.conv", conv(random, in, out, 1, stride, 1), g.input()));
        Node sum = g.add("add", new Op.Add(), main, shortcut);
        Graph graph = g.build(g.add("relu", new Op.Relu(), sum));

        List<Step> steps = plan(graph);
        assertEquals(2, steps.size(), "two fused convs expected: " + steps);
        long withResidual = steps.stream().map(FusionTest::directConv).filter(c -> c.fusesResidual() && c.fusesRelu()).count();
        assertEquals(1, withResidual, "exactly one conv takes the add and the ReLU");
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(random, batch, in, size, size));
    }

    @Test
    void identityShortcutIsAddedInTheEpilogue() {
        var random = new SplittableRandom(3);
        Graph.Builder g = Graph.builder(8);
        Node body = g.add("bn", OpPropertiesTest.batchNorm(random, 8), g.add("conv", conv(random, 8, 8, 3, 1, 2), g.input()));
        Graph graph = g.build(g.add("relu", new Op.Relu(), g.add("add", new Op.Add(), body, g.input())));
        assertEquals(1, plan(graph).size());
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(random, 2, 8, 9, 7));
    }

    /** A tap must be materialised, so the node it names cannot be fused away. */
    @Test
    void tappedNodesAreNotFusedAway() {
        var random = new SplittableRandom(4);
        Graph.Builder g = Graph.builder(5);
        Node c = g.tap("conv", g.add("conv", conv(random, 5, 6, 3, 1, 1), g.input()));
        Node bn = g.tap("bn", g.add("bn", OpPropertiesTest.batchNorm(random, 6), c));
        Graph graph = g.build(g.add("relu", new Op.Relu(), bn));
        List<Step> steps = plan(graph);
        assertEquals(3, steps.size(), "conv, BN and ReLU stay apart: " + steps);
        directConv(steps.getFirst());
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(random, 2, 5, 6, 6));
    }

    /** A conv read twice keeps its own value; BN→ReLU after it still fuse into one pointwise step. */
    @Test
    void sharedConvOutputIsKept() {
        var random = new SplittableRandom(5);
        Graph.Builder g = Graph.builder(4);
        Node c = g.add("conv", conv(random, 4, 4, 1, 1, 1), g.input());
        Node branch = g.add("relu_bn", new Op.Relu(), g.add("bn", OpPropertiesTest.batchNorm(random, 4), c));
        Graph graph = g.build(g.add("add", new Op.Add(), branch, c));
        List<Step> steps = plan(graph);
        assertEquals(3, steps.size(), "conv, BN+ReLU, add: " + steps);
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(random, 1, 4, 5, 5));
    }

    /** A whole (small) bottleneck ResNet, every tap checked against the reference on both paths. */
    @Test
    void smallBottleneckResNetMatchesReference() {
        Graph graph = ResNetGraphs.bottleneck(7, new int[] {1, 2}, 8, 10);
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(new SplittableRandom(8), 2, 3, 32, 29));
    }
}
