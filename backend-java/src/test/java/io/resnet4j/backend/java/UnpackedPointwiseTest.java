package io.resnet4j.backend.java;

import static io.resnet4j.backend.java.Fixtures.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * 1×1 convs that split at batch 1 read their input in place (see {@link ConvStep}): strips past a row's end, a
 * plane's last strip a few pixels wide, K in several slices, a residual. On an activation the tiles read in place;
 * on the graph's own input, whose array ends with it, the conv packs. Both must match the float64 reference and
 * agree between the scalar and vector paths bit for bit.
 */
class UnpackedPointwiseTest {

    /** 3×3 conv → ReLU → 1×1 conv → BN (+ the 3×3's output) → ReLU, and a 1×1 conv straight on the input. */
    private static Graph graph(SplittableRandom random, int in, int mid, int out, boolean residual) {
        Graph.Builder g = Graph.builder(in);
        Node first = g.add("relu1", new Op.Relu(), g.add("conv1",
                new Op.Conv2d(Fixtures.random(random, mid, in, 3, 3), null, 1, 1, 1, 1), g.input()));
        Node last = g.add("bn2", OpPropertiesTest.batchNorm(random, mid),
                g.add("conv2", new Op.Conv2d(Fixtures.random(random, mid, mid, 1, 1), null, 1, 0, 1, 1), first));
        if (residual) {
            last = g.add("add", new Op.Add(), last, first);
        }
        Node onInput = g.add("conv3", new Op.Conv2d(Fixtures.random(random, mid, in, 1, 1), null, 1, 0, 1, 1),
                g.input());
        return g.build(g.add("relu2", new Op.Relu(), g.add("add2", new Op.Add(), g.add("relu", new Op.Relu(), last),
                onInput)));
    }

    @Property(tries = 30)
    void pointwiseConvsOnSmallPlanesMatchReferenceOnBothPaths(
            @ForAll @IntRange(min = 1, max = 40) int in,
            @ForAll @IntRange(min = 1, max = 330) int mid,
            @ForAll @IntRange(min = 1, max = 30) int height,
            @ForAll @IntRange(min = 1, max = 30) int width,
            @ForAll boolean residual,
            @ForAll long seed) {
        var random = new SplittableRandom(seed);
        Graph graph = graph(random, in, mid, mid, residual);
        Tensor x = Fixtures.random(random, 1, in, height, width);
        Tensor vector = Fixtures.VECTOR.compile(graph).run(x);
        Tensor scalar = Fixtures.SCALAR.compile(graph).run(x);
        Reference.output(graph, x).assertClose(vector, "vector path");
        assertArrayEquals(bits(scalar.data()), bits(vector.data()), "the scalar and vector paths must agree bit for bit");
    }
}
