package io.resnet4j.backend.java;

import static io.resnet4j.backend.java.Fixtures.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(2×2, 3×3) against the float64 reference and against itself: planes large enough for it to run
 * (at least {@link WinogradConvStep#MIN_PLANE} pixels) and planes of 12 to 16 tiles with enough channels (the
 * small-plane schedule), odd sizes, every fused epilogue, and the images it must hand to the direct conv (non-finite or huge
 * values).
 */
class WinogradTest {
    private static final JavaBackend DIRECT = new JavaBackend(2, KernelSelection.vectorOrScalar(), false);
    private static final JavaBackend WINOGRAD_VECTOR = new JavaBackend(2, KernelSelection.vectorOrScalar(), true);
    private static final JavaBackend WINOGRAD_SCALAR = new JavaBackend(2, KernelSelection.scalar("scalar (test)"), true);

    /** conv(3×3, stride 1, pad 1) → BN → (+ shortcut) → ReLU, as in a basic block. */
    private static Graph block(SplittableRandom random, int in, int out, boolean residual) {
        Graph.Builder g = Graph.builder(in);
        Op.Conv2d conv = new Op.Conv2d(Fixtures.random(random, out, in, 3, 3), null, 1, 1, 1, 1);
        Node bn = g.add("bn", OpPropertiesTest.batchNorm(random, out), g.add("conv", conv, g.input()));
        Node last = bn;
        if (residual) {
            Op.Conv2d shortcut = new Op.Conv2d(Fixtures.random(random, out, in, 1, 1), null, 1, 0, 1, 1);
            // Tapped, so that no plan sums it into the conv's tiles: the direct plan then computes what the Winograd
            // step's fallback computes.
            last = g.add("add", new Op.Add(), bn, g.tap("shortcut", g.add("shortcut", shortcut, g.input())));
        }
        return g.build(g.add("relu", new Op.Relu(), last));
    }

    @Property(tries = 20)
    void matchesReferenceOnBothPathsBitForBit(@ForAll @IntRange(min = 1, max = 2) int batch,
            @ForAll @IntRange(min = 1, max = 40) int in, @ForAll @IntRange(min = 1, max = 40) int out,
            @ForAll @IntRange(min = 14, max = 33) int height, @ForAll @IntRange(min = 14, max = 33) int width,
            @ForAll boolean residual, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph graph = block(random, in, out, residual);
        Tensor x = Fixtures.random(random, batch, in, height, width);
        assertTrue(((JavaCompiledGraph) WINOGRAD_VECTOR.compile(graph)).steps().stream()
                .anyMatch(step -> step instanceof WinogradConvStep), "a 3×3 stride-1 conv should run as Winograd");
        Tensor vector = WINOGRAD_VECTOR.compile(graph).run(x);
        Tensor scalar = WINOGRAD_SCALAR.compile(graph).run(x);
        Reference.output(graph, x).assertClose(vector, "winograd, vector path");
        assertArrayEquals(bits(scalar), bits(vector), "the scalar and vector paths must agree bit for bit");
    }

    @Property(tries = 10)
    void smallPlanesMatchReferenceOnBothPathsAndEveryItemEqualsItselfAlone(
            @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 128, max = 300) int in,
            @ForAll @IntRange(min = 128, max = 150) int out, @ForAll @IntRange(min = 5, max = 13) int height,
            @ForAll @IntRange(min = 7, max = 13) int width, @ForAll boolean residual, @ForAll boolean stripPairs,
            @ForAll long seed) {
        // Output channels in whole pairs of 32-column strips: the products take tiles as rows on AVX-512.
        out = stripPairs ? 128 + 64 * (out % 2) : out;
        var random = new SplittableRandom(seed);
        Graph graph = block(random, in, out, residual);
        Tensor x = Fixtures.random(random, batch, in, height, width);
        assertTrue(WinogradConvStep.smallPlane(x.shape(), out), height + "×" + width + " should take the small-plane schedule");
        Tensor vector = WINOGRAD_VECTOR.compile(graph).run(x);
        Tensor scalar = WINOGRAD_SCALAR.compile(graph).run(x);
        Reference.output(graph, x).assertClose(vector, "small-plane winograd, vector path");
        assertArrayEquals(bits(scalar), bits(vector), "the scalar and vector paths must agree bit for bit");
        int image = in * height * width;
        int outImage = out * height * width;
        for (int n = 0; n < batch; n++) {
            Tensor alone = Tensor.wrap(Arrays.copyOfRange(x.data(), n * image, (n + 1) * image), 1, in, height, width);
            assertArrayEquals(bits(WINOGRAD_VECTOR.compile(graph).run(alone).data()), bits(slice(vector, n, outImage)),
                    "item " + n + " of " + batch);
        }
    }

    /**
     * 14×14 to 16×16 planes hold at most 64 tiles: in a batch of 6 they take the per-image blocks, one image alone
     * (one block, too few for 2 threads) the small-plane schedule. Either way the same bits, close to the reference.
     */
    @Property(tries = 6)
    void planesOfUpTo64TilesGiveEachImageTheSameBitsOnEitherSchedule(@ForAll @IntRange(min = 14, max = 16) int height,
            @ForAll @IntRange(min = 14, max = 16) int width, @ForAll boolean residual, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph graph = block(random, 130, 128, residual);
        int batch = 6;
        Tensor x = Fixtures.random(random, batch, 130, height, width);
        Tensor all = WINOGRAD_VECTOR.compile(graph).run(x);
        Reference.output(graph, x).assertClose(all, "per-image blocks");
        int image = 130 * height * width;
        int outImage = 128 * height * width;
        for (int n = 0; n < batch; n++) {
            Tensor alone = Tensor.wrap(Arrays.copyOfRange(x.data(), n * image, (n + 1) * image), 1, 130, height, width);
            assertArrayEquals(bits(slice(all, n, outImage)), bits(WINOGRAD_VECTOR.compile(graph).run(alone).data()),
                    "item " + n + " alone, small-plane schedule");
        }
    }

    @Test
    void smallPlaneImagesWithNonFiniteValuesAreComputedDirectlyAndAloneEqualInBatch() {
        assertTrue(WinogradConvStep.smallPlane(Fixtures.random(new SplittableRandom(1), 1, 130, 7, 7).shape(), 131));
        nonFiniteImagesGoDirectAndEachEqualsItselfAlone(12, 130, 131, 7, 7);
    }

    @Test
    void imagesWithNonFiniteValuesAreComputedDirectlyAndAloneEqualInBatch() {
        nonFiniteImagesGoDirectAndEachEqualsItselfAlone(11, 6, 7, 16, 15);
    }

    /** A batch of 3: image 1 holds ±∞, image 2 a NaN; image 0 is finite. */
    private static void nonFiniteImagesGoDirectAndEachEqualsItselfAlone(long seed, int in, int out, int height,
            int width) {
        var random = new SplittableRandom(seed);
        Graph graph = block(random, in, out, true);
        Tensor x = Fixtures.random(random, 3, in, height, width);
        int image = in * height * width;
        x.data()[image + 40] = Float.POSITIVE_INFINITY;   // image 1: +∞ meets weights of both signs
        x.data()[image + 41] = Float.NEGATIVE_INFINITY;
        x.data()[2 * image + 7] = Float.NaN;              // image 2: NaN
        Tensor winograd = WINOGRAD_VECTOR.compile(graph).run(x);
        Tensor direct = DIRECT.compile(graph).run(x);
        int outImage = out * height * width;
        for (int n = 1; n < 3; n++) {
            assertArrayEquals(bits(slice(direct, n, outImage)), bits(slice(winograd, n, outImage)),
                    "image " + n + " holds non-finite values: it must be computed by the direct conv");
        }
        // Every item, finite or not, is bit-identical to the same item run alone.
        for (int n = 0; n < 3; n++) {
            Tensor alone = Tensor.wrap(Arrays.copyOfRange(x.data(), n * image, (n + 1) * image), 1, in, height, width);
            Tensor result = WINOGRAD_VECTOR.compile(graph).run(alone);
            assertArrayEquals(bits(result.data()), bits(slice(winograd, n, result.data().length)), "item " + n);
        }
        Reference.output(graph, Tensor.wrap(Arrays.copyOfRange(x.data(), 0, image), 1, in, height, width))
                .assertClose(Tensor.wrap(slice(winograd, 0, outImage), 1, out, height, width), "finite image 0");
    }

    @Test
    void smallPlanesAndOtherConvsGoDirect() {
        var random = new SplittableRandom(5);
        Graph graph = block(random, 4, 4, false);
        Tensor tiny = Fixtures.random(random, 2, 4, 4, 4); // 4 tiles, too few for the small-plane schedule
        assertFalse(WinogradConvStep.smallPlane(tiny.shape(), 4));
        assertFalse(WinogradConvStep.smallPlane(Fixtures.random(random, 1, 4, 7, 7).shape(), 4), "too few channels");
        assertFalse(WinogradConvStep.smallPlane(Fixtures.random(random, 1, 128, 6, 6).shape(), 128), "9 tiles");
        assertFalse(WinogradConvStep.smallPlane(Fixtures.random(random, 1, 128, 1, 190).shape(), 128), "95 tiles");
        assertFalse(WinogradConvStep.smallPlane(Fixtures.random(random, 1, 128, 14, 14).shape(), 128),
                "196 pixels take the per-image blocks");
        assertArrayEquals(bits(DIRECT.compile(graph).run(tiny)), bits(WINOGRAD_VECTOR.compile(graph).run(tiny)));
        Graph.Builder g = Graph.builder(4);
        Op.Conv2d strided = new Op.Conv2d(Fixtures.random(random, 4, 4, 3, 3), null, 2, 1, 1, 1);
        Graph stridedGraph = g.build(g.add("conv", strided, g.input()));
        assertInstanceOf(ConvStep.class, ((JavaCompiledGraph) WINOGRAD_VECTOR.compile(stridedGraph)).steps().getFirst());
        assertFalse(((JavaCompiledGraph) DIRECT.compile(graph)).steps().getFirst() instanceof WinogradConvStep,
                "-Dresnet4j.java.winograd=false must plan direct convs only");
    }

    /**
     * The small-plane schedule and the per-image blocks lay the transformed weights out each their own way, and a
     * conv that runs both makes the second layout from the first (its source let go of): both orders.
     */
    @Test
    void aConvRunningBothSchedulesGivesTheSameResultsInEitherOrder() {
        var random = new SplittableRandom(9);
        Graph graph = block(random, 130, 128, true);
        Tensor small = Fixtures.random(random, 2, 130, 7, 7);
        Tensor large = Fixtures.random(random, 1, 130, 14, 16);
        int[] smallAlone = bits(WINOGRAD_VECTOR.compile(graph).run(small));
        int[] largeAlone = bits(WINOGRAD_VECTOR.compile(graph).run(large));
        JavaCompiledGraph smallFirst = (JavaCompiledGraph) WINOGRAD_VECTOR.compile(graph);
        smallFirst.run(small);
        assertArrayEquals(largeAlone, bits(smallFirst.run(large)), "a large plane after a small one");
        assertArrayEquals(smallAlone, bits(smallFirst.run(small)), "and the small one again");
        JavaCompiledGraph largeFirst = (JavaCompiledGraph) WINOGRAD_VECTOR.compile(graph);
        largeFirst.run(large);
        assertArrayEquals(smallAlone, bits(largeFirst.run(small)), "a small plane after a large one");
        Reference.output(graph, small).assertClose(WINOGRAD_VECTOR.compile(graph).run(small), "small plane");
    }

    @Test
    void transformedWeightsAreMadeOnlyWhenALargeEnoughPlaneRuns() {
        var random = new SplittableRandom(8);
        Graph graph = block(random, 5, 6, false);
        JavaCompiledGraph compiled = (JavaCompiledGraph) WINOGRAD_VECTOR.compile(graph);
        WinogradConvStep step = assertInstanceOf(WinogradConvStep.class, compiled.steps().getFirst());
        assertFalse(step.holdsTransformedWeights(), "compiling alone must not transform the weights");
        Tensor small = Fixtures.random(random, 2, 5, 4, 4);
        assertArrayEquals(bits(DIRECT.compile(graph).run(small)), bits(compiled.run(small)));
        assertFalse(step.holdsTransformedWeights(), "a 4×4 plane runs direct and needs no transformed weights");
        Tensor large = Fixtures.random(random, 2, 5, 14, 15);
        Reference.output(graph, large).assertClose(compiled.run(large), "first run on a large plane");
        assertTrue(step.holdsTransformedWeights());
    }

    private static float[] slice(Tensor t, int n, int len) {
        return Arrays.copyOfRange(t.data(), n * len, (n + 1) * len);
    }
}
