package io.resnet4j.backend.java;

import static io.resnet4j.backend.java.Fixtures.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Values stored pixel-blocked ({@link PixelBlocks}): a bottleneck's output, read by the next block's 1×1 convs
 * (stride 1 in place, stride 2 gathered), its residual add and the average pool. The plan must block them, and
 * every result, the taps of blocked values included, must equal the all-NCHW plan's bit for bit (the same sums
 * in the same order), on both kernel paths, at batch sizes whose images do and do not fill whole blocks.
 */
class PixelBlocksTest {
    private static final JavaBackend NCHW = new JavaBackend(2, KernelSelection.vectorOrScalar(), true, true, false);
    private static final JavaBackend BLOCKED = new JavaBackend(2, KernelSelection.vectorOrScalar(), true, true, true);
    private static final JavaBackend BLOCKED_SCALAR =
            new JavaBackend(2, KernelSelection.scalar("scalar (test)"), true, true, true);
    private static final List<String> TAPS = List.of("layer1", "layer2", "layer3", "avgpool");

    @Property(tries = 12)
    void blockedBottlenecksGiveTheNchwPlansBits(@ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 24, max = 72) int height,
            @ForAll @IntRange(min = 24, max = 72) int width,
            @ForAll @IntRange(min = 4, max = 24) int planes,
            @ForAll long seed) {
        Graph graph = ResNetGraphs.bottleneck(seed, new int[] {2, 1, 2}, planes, 10);
        Tensor x = Fixtures.random(new SplittableRandom(seed), batch, 3, height, width);
        try (CompiledGraph nchw = NCHW.compile(graph); CompiledGraph blocked = BLOCKED.compile(graph);
                CompiledGraph scalar = BLOCKED_SCALAR.compile(graph)) {
            assertTrue(((JavaCompiledGraph) blocked).steps().stream()
                    .anyMatch(s -> s.storedBlockWidth() > 0), "some value is stored blocked");
            Map<String, Tensor> expected = nchw.run(x, TAPS);
            Map<String, Tensor> actual = blocked.run(x, TAPS);
            Map<String, Tensor> actualScalar = scalar.run(x, TAPS);
            for (String name : expected.keySet()) {
                assertArrayEquals(bits(expected.get(name)), bits(actual.get(name)), name + ": blocked vs NCHW");
            }
            Map<String, Tensor> nchwScalar =
                    new JavaBackend(2, KernelSelection.scalar("scalar (test)"), true, true, false).compile(graph)
                            .run(x, TAPS);
            for (String name : expected.keySet()) {
                assertArrayEquals(bits(nchwScalar.get(name)), bits(actualScalar.get(name)),
                        name + ": blocked vs NCHW, scalar path");
            }
        }
    }

    /**
     * A 3×3 conv whose output only a 1×1 conv reads stores it blocked on every path it has: Winograd on large planes
     * (a row's run crossing a block's end goes through a scratch row), the small-plane schedule (5×7 to 14×13 with
     * 128 channels), direct on other planes, and, for an image holding ∞ or NaN, direct for that image alone.
     */
    @Property(tries = 20)
    void aWinogradConvStoresBlockedOnEveryPath(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 3, max = 30) int height,
            @ForAll @IntRange(min = 3, max = 30) int width,
            @ForAll @IntRange(min = 0, max = 2) int poison,
            @ForAll long seed) {
        var random = new SplittableRandom(seed);
        int channels = 128;
        Graph.Builder g = Graph.builder(channels);
        Node conv = g.tap("mid", g.add("relu", new Op.Relu(), g.add("bn", OpPropertiesTest.batchNorm(random, channels),
                g.add("conv3x3", new Op.Conv2d(Fixtures.random(random, channels, channels, 3, 3), null, 1, 1, 1, 1),
                        g.input()))));
        Graph graph = g.build(g.add("conv1x1",
                new Op.Conv2d(Fixtures.random(random, 16, channels, 1, 1), null, 1, 0, 1, 1), conv));
        Tensor x = Fixtures.random(random, batch, channels, height, width);
        if (poison > 0) { // the last image takes the direct path
            x.data()[x.data().length - 1 - random.nextInt(height * width)] =
                    poison == 1 ? Float.POSITIVE_INFINITY : Float.NaN;
        }
        try (CompiledGraph nchw = NCHW.compile(graph); CompiledGraph blocked = BLOCKED.compile(graph)) {
            assertTrue(stores(((JavaCompiledGraph) blocked).steps(), conv.id()), "the 3×3 conv stores blocked");
            Map<String, Tensor> expected = nchw.run(x, List.of("mid"));
            Map<String, Tensor> actual = blocked.run(x, List.of("mid"));
            for (String name : expected.keySet()) {
                assertArrayEquals(bits(expected.get(name)), bits(actual.get(name)), name + ": blocked vs NCHW");
            }
        }
    }

    @Test
    void aValueAnotherKindOfStepReadsStaysNchw() {
        var random = new SplittableRandom(7);
        Graph.Builder g = Graph.builder(8);
        Node a = g.add("a", new Op.Conv2d(Fixtures.random(random, 16, 8, 1, 1), null, 1, 0, 1, 1), g.input());
        Node b = g.add("b", new Op.Conv2d(Fixtures.random(random, 16, 16, 1, 1), null, 1, 0, 1, 1), a);
        Node c = g.add("c", new Op.Conv2d(Fixtures.random(random, 16, 16, 3, 3), null, 2, 1, 1, 1), a);
        Node d = g.add("d", new Op.Conv2d(Fixtures.random(random, 16, 16, 1, 1), null, 2, 0, 1, 1), b);
        Graph graph = g.build(g.add("sum", new Op.Add(), d, c));
        try (CompiledGraph compiled = BLOCKED.compile(graph)) {
            List<Step> steps = ((JavaCompiledGraph) compiled).steps();
            // a is read by a 3×3 conv too: NCHW. b is read only by a 1×1 stride-2 conv: blocked.
            assertFalse(stores(steps, a.id()), "a, read by a 3×3 conv");
            assertTrue(stores(steps, b.id()), "b, read only by a 1×1 conv");
            Tensor x = Fixtures.random(random, 3, 8, 11, 13);
            Tensor expected = NCHW.compile(graph).run(x);
            assertArrayEquals(bits(expected), bits(compiled.run(x)));
            Reference.output(graph, x).assertClose(compiled.run(x), "blocked plan");
        }
    }

    @Test
    void unblockingRestoresNchwOrder() {
        var shape = io.resnet4j.tensor.Shape.of(3, 5, 7, 9);
        int width = 32;
        float[] blocked = new float[(int) PixelBlocks.floats(shape, width)];
        float[] nchw = new float[(int) shape.size()];
        for (int n = 0; n < 3; n++) {
            for (int c = 0; c < 5; c++) {
                for (int p = 0; p < 63; p++) {
                    float value = n * 1000 + c * 100 + p;
                    nchw[(n * 5 + c) * 63 + p] = value;
                    blocked[PixelBlocks.at(n * 63 + p, c, 5, width)] = value;
                }
            }
        }
        float[] out = new float[nchw.length];
        PixelBlocks.unblock(blocked, 0, shape, width, out);
        assertArrayEquals(nchw, out);
        assertEquals(Math.ceilDiv(3 * 63, width) * width * 5L, blocked.length);
    }

    private static boolean stores(List<Step> steps, int node) {
        return steps.stream().anyMatch(s -> s.storedBlockWidth() > 0 && s.output() == node);
    }
}
