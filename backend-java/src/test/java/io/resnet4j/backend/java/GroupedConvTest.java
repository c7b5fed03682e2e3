package io.resnet4j.backend.java;

import static io.resnet4j.backend.java.Fixtures.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The direct grouped conv ({@link GroupedConvStep}) against the GEMM path, bit for bit, and against the float64
 * reference: groups of 4 to 24 outputs, any input channels, stride 1 and 2, planes from 1×1 (every tap in the
 * padding) to wider than a block of pixels, with every fused epilogue.
 */
class GroupedConvTest {
    private static final JavaBackend DIRECT = new JavaBackend(2, KernelSelection.vectorOrScalar(), true, true);
    private static final JavaBackend GEMM = new JavaBackend(2, KernelSelection.vectorOrScalar(), true, false);
    private static final JavaBackend SCALAR = new JavaBackend(2, KernelSelection.scalar("scalar (test)"), true, true);

    /** grouped conv(3×3, stride 1, pad 1) → BN → (+ input) → ReLU, as in a ResNeXt block. */
    private static Graph block(SplittableRandom random, int groups, int inPerGroup, int outPerGroup, int stride,
            boolean residual, boolean bias) {
        int in = groups * inPerGroup;
        int out = groups * outPerGroup;
        Graph.Builder g = Graph.builder(in);
        Op.Conv2d conv = new Op.Conv2d(Fixtures.random(random, out, inPerGroup, 3, 3),
                bias ? Fixtures.random(random, out) : null, stride, 1, 1, groups);
        Node last = g.add("bn", OpPropertiesTest.batchNorm(random, out), g.add("conv", conv, g.input()));
        if (residual && in == out && stride == 1) {
            last = g.add("add", new Op.Add(), last, g.input());
        }
        return g.build(g.add("relu", new Op.Relu(), last));
    }

    @Property(tries = 40)
    void equalsTheGemmPathBitForBitAndTheReference(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 2, max = 4) int groups, @ForAll @IntRange(min = 1, max = 6) int outFours,
            @ForAll @IntRange(min = 1, max = 20) int inPerGroup, @ForAll @IntRange(min = 1, max = 20) int height,
            @ForAll @IntRange(min = 1, max = 40) int width, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll boolean residual, @ForAll boolean bias, @ForAll long seed) {
        var random = new SplittableRandom(seed);
        int outPerGroup = 4 * outFours; // groups of 4 and of 12 take 4-channel blocks, the others 8
        Graph graph = block(random, groups, residual ? outPerGroup : inPerGroup, outPerGroup, stride, residual, bias);
        Tensor x = Fixtures.random(random, batch, graph.inputChannels(), height, width);
        assertTrue(((JavaCompiledGraph) DIRECT.compile(graph)).steps().getFirst() instanceof GroupedConvStep);
        assertFalse(((JavaCompiledGraph) GEMM.compile(graph)).steps().getFirst() instanceof GroupedConvStep);
        Tensor direct = DIRECT.compile(graph).run(x);
        assertArrayEquals(bits(GEMM.compile(graph).run(x)), bits(direct), "the direct and GEMM paths must agree");
        assertArrayEquals(bits(SCALAR.compile(graph).run(x)), bits(direct), "the scalar and vector paths must agree");
        Reference.output(graph, x).assertClose(direct, "grouped conv, direct");
    }
}
