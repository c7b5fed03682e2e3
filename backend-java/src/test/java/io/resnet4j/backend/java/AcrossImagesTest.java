package io.resnet4j.backend.java;

import static io.resnet4j.backend.java.Fixtures.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Convs on small planes at batch > 1, whose units take the batch's pixels one image after another (see
 * {@link ConvStep}): strips that hold the end of one image and the start of the next, K cut into several slices,
 * groups, strides, residual and ReLU. Each result must match the float64 reference, agree between the scalar and
 * vector paths bit for bit, and equal the same image run alone (batch 1, where units never cross images).
 */
class AcrossImagesTest {

    /** conv → BN → (+ shortcut conv) → ReLU. */
    private static Graph block(SplittableRandom random, int in, int out, int kernel, int stride, int groups,
            boolean residual) {
        Graph.Builder g = Graph.builder(in);
        Op.Conv2d conv = new Op.Conv2d(Fixtures.random(random, out, in / groups, kernel, kernel), null, stride,
                kernel / 2, 1, groups);
        Node last = g.add("bn", OpPropertiesTest.batchNorm(random, out), g.add("conv", conv, g.input()));
        if (residual) {
            Op.Conv2d shortcut = new Op.Conv2d(Fixtures.random(random, out, in, 1, 1), null, stride, 0, 1, 1);
            last = g.add("add", new Op.Add(), last, g.add("shortcut", shortcut, g.input()));
        }
        return g.build(g.add("relu", new Op.Relu(), last));
    }

    @Property(tries = 25)
    void smallPlanesInABatchMatchReferenceAndEachImageAlone(@ForAll @IntRange(min = 2, max = 9) int batch,
            @ForAll @IntRange(min = 1, max = 3) int groups,
            @ForAll @IntRange(min = 1, max = 24) int inPerGroup,
            @ForAll @IntRange(min = 1, max = 30) int outPerGroup,
            @ForAll @IntRange(min = 0, max = 1) int kernelChoice,
            @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 2, max = 15) int height,
            @ForAll @IntRange(min = 2, max = 15) int width,
            @ForAll boolean residual,
            @ForAll long seed) {
        var random = new SplittableRandom(seed);
        int kernel = kernelChoice == 0 ? 1 : 3;
        // Inputs up to 300 channels for a 1×1 conv: K in several slices of 256 taps.
        int in = groups * (kernel == 1 ? inPerGroup * 12 : inPerGroup);
        Graph graph = block(random, in, groups * outPerGroup, kernel, stride, groups, residual);
        Tensor x = Fixtures.random(random, batch, in, height, width);
        Tensor vector = Fixtures.VECTOR.compile(graph).run(x);
        Tensor scalar = Fixtures.SCALAR.compile(graph).run(x);
        Reference.output(graph, x).assertClose(vector, "vector path");
        assertArrayEquals(bits(scalar.data()), bits(vector.data()), "the scalar and vector paths must agree bit for bit");
        int image = in * height * width;
        int outImage = vector.data().length / batch;
        for (int n = 0; n < batch; n++) {
            Tensor alone = Tensor.wrap(Arrays.copyOfRange(x.data(), n * image, (n + 1) * image), 1, in, height, width);
            float[] expected = Fixtures.VECTOR.compile(graph).run(alone).data();
            assertArrayEquals(bits(expected), bits(Arrays.copyOfRange(vector.data(), n * outImage, (n + 1) * outImage)),
                    "image " + n + " of " + batch + " must equal the same image run alone");
        }
    }
}
