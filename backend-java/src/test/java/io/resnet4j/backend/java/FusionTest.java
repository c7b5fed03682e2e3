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
        if (steps.stream().anyMatch(step -> step instanceof WinogradConvStep)) {
            // Winograd's tiles are not the shortcut's: the shortcut is a step of its own, added as a residual.
            assertEquals(2, steps.size(), "two fused convs expected: " + steps);
            long withResidual = steps.stream().map(FusionTest::directConv).filter(c -> c.fusesResidual() && c.fusesRelu()).count();
            assertEquals(1, withResidual, "exactly one conv takes the add and the ReLU");
        } else {
            assertEquals(1, steps.size(), "the shortcut conv summed into the main conv's tiles: " + steps);
            ConvStep conv = assertInstanceOf(ConvStep.class, steps.getFirst());
            assertTrue(conv.hasAddend() && conv.fusesRelu() && !conv.fusesResidual());
        }
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(random, batch, in, size, size));
    }

    /** A shortcut conv someone can ask for (a tap) keeps its own value: it stays a step, added as a residual. */
    @Test
    void tappedShortcutConvStaysItsOwnStep() {
        var random = new SplittableRandom(6);
        Graph.Builder g = Graph.builder(6);
        Node main = g.add("bn3", OpPropertiesTest.batchNorm(random, 8), g.add("conv3", conv(random, 6, 8, 1, 2, 1), g.input()));
        Node shortcut = g.tap("ds", g.add("ds.bn", OpPropertiesTest.batchNorm(random, 8),
                g.add("ds.conv", conv(random, 6, 8, 1, 2, 1), g.input())));
        Graph graph = g.build(g.add("relu", new Op.Relu(), g.add("add", new Op.Add(), main, shortcut)));
        List<Step> steps = plan(graph);
        assertEquals(2, steps.size(), "the tapped shortcut and the conv it is added to: " + steps);
        assertTrue(steps.stream().map(FusionTest::directConv).noneMatch(ConvStep::hasAddend));
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(random, 2, 6, 11, 9));
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

    /** A stem: conv→BN→ReLU→max pool, with the ReLU's value tapped (so nothing fuses into the pool) or not. */
    private static Graph stem(long seed, int in, int out, int k, int stride, Op.MaxPool pool, boolean tapped) {
        var random = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder(in);
        Node relu = g.add("relu", new Op.Relu(), g.add("bn", OpPropertiesTest.batchNorm(random, out),
                g.add("conv", conv(random, in, out, k, stride, 1), g.input())));
        if (tapped) {
            g.tap("relu", relu);
        }
        return g.build(g.add("maxpool", pool, relu));
    }

    /**
     * The conv's only reader is the pool: one step, whose result is the reference's and, bit for bit, what the two
     * steps give apart (the same graph with the conv's value tapped, which keeps them apart).
     */
    @Property(tries = 30)
    void convFusesIntoTheMaxPoolThatAloneReadsIt(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 12) int in, @ForAll @IntRange(min = 1, max = 20) int out,
            @ForAll @IntRange(min = 6, max = 30) int size, @ForAll @IntRange(min = 0, max = 2) int kernelChoice,
            @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 2) int poolChoice,
            @ForAll long seed) {
        Op.MaxPool pool = new Op.MaxPool[] {new Op.MaxPool(3, 2, 1), new Op.MaxPool(2, 2, 0), new Op.MaxPool(3, 1, 1)}[poolChoice];
        int k = new int[] {1, 3, 7}[kernelChoice];
        Graph fused = stem(seed, in, out, k, stride, pool, false);
        List<Step> steps = plan(fused);
        var input = Fixtures.random(new SplittableRandom(seed + 1), batch, in, size, size + 3);
        OpPropertiesTest.checkBothPaths(fused, input);
        if (k == 3 && stride == 1) {
            // Winograd's units are tiles of the plane, not rows: that conv and its pool stay two steps.
            assertInstanceOf(WinogradConvStep.class, steps.getFirst());
            assertEquals(2, steps.size(), "a Winograd conv and its pool: " + steps);
            return;
        }
        assertEquals(1, steps.size(), "conv, BN, ReLU and pool should be one step: " + steps);
        assertInstanceOf(ConvPoolStep.class, steps.getFirst());
        assertSameBitsAsApart(seed, in, out, k, stride, pool, input);
    }

    /**
     * ResNet's stem at a size whose units take several bands of conv rows (64 channels × 48 columns: a band holds
     * 42 rows, the pool reads 48), so rows shared by two bands move to the front of the buffer; at batch 1 the
     * image is cut into several units instead, and at batch 4 not.
     */
    @Test
    void stemBandsAndUnitsGiveTheBitsOfTheStepsApart() {
        Op.MaxPool pool = new Op.MaxPool(3, 2, 1);
        for (int batch : new int[] {1, 4}) {
            var input = Fixtures.random(new SplittableRandom(batch), batch, 3, 96, 96);
            Graph fused = stem(9, 3, 64, 7, 2, pool, false);
            assertInstanceOf(ConvPoolStep.class, plan(fused).getFirst());
            Reference.run(fused, input).get(fused.output().id())
                    .assertClose(Fixtures.VECTOR.compile(fused).run(input), "batch " + batch);
            assertSameBitsAsApart(9, 3, 64, 7, 2, pool, input);
        }
    }

    private static void assertSameBitsAsApart(long seed, int in, int out, int k, int stride, Op.MaxPool pool,
            io.resnet4j.tensor.Tensor input) {
        Graph fused = stem(seed, in, out, k, stride, pool, false);
        Graph apart = stem(seed, in, out, k, stride, pool, true);
        assertTrue(plan(apart).stream().noneMatch(step -> step instanceof ConvPoolStep), "a tapped conv stays apart");
        for (JavaBackend backend : Fixtures.bothPaths()) {
            assertEquals(java.util.Arrays.toString(Fixtures.bits(backend.compile(apart).run(input))),
                    java.util.Arrays.toString(Fixtures.bits(backend.compile(fused).run(input))),
                    backend.kernelDescription() + ": fused and apart differ");
        }
    }

    /** A whole (small) bottleneck ResNet, every tap checked against the reference on both paths. */
    @Test
    void smallBottleneckResNetMatchesReference() {
        Graph graph = ResNetGraphs.bottleneck(7, new int[] {1, 2}, 8, 10);
        OpPropertiesTest.checkBothPaths(graph, Fixtures.random(new SplittableRandom(8), 2, 3, 32, 29));
    }
}
