package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.nn.BasicBlock;
import io.resnet4j.nn.Block;
import io.resnet4j.nn.Bottleneck;
import io.resnet4j.nn.StateDict;
import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.StridePlacement;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;

/**
 * One residual block built with resnet-api's own {@link BasicBlock} / {@link Bottleneck} over a {@link StateDict}
 * (He-initialised conv weights, random BN statistics), lowered on its own into a graph.
 *
 * @param projection whether the shortcut has a 1×1 conv + BN; always true when stride or width change
 * @param innerWidth the bottleneck's 3×3 width (planes for a basic block)
 */
public record BlockCase(BlockType type, int batch, int inplanes, int planes, int innerWidth, int stride, int groups,
        int dilation, StridePlacement placement, boolean projection, int height, int width, long seed) {

    public static final String NAME = "block";

    public int outChannels() {
        return planes * type.expansion();
    }

    public Shape inputShape() {
        return Shape.of(batch, inplanes, height, width);
    }

    /** Builds the block over a fresh state dict with random BN statistics. */
    public Block block(StateDict state) {
        Block b = type == BlockType.BASIC
                ? new BasicBlock(state, NAME, inplanes, planes, stride, projection, false)
                : new Bottleneck(state, NAME, inplanes, planes, innerWidth, stride, groups, dilation, placement,
                        projection, false);
        new RandomData(seed ^ 0x5DEECE66DL).randomiseBatchNorms(state);
        return b;
    }

    public Example example() {
        Block b = block(new StateDict(seed));
        Graph.Builder g = Graph.builder(inplanes);
        return new Example(g.build(b.lower(g, g.input())), input());
    }

    /**
     * The block with torchvision's {@code zero_init_residual} (last BN γ = 0, here also β = 0) and, as the
     * expectation, ReLU of the shortcut alone.
     */
    public Example[] zeroInitResidualAndExpectation() {
        StateDict state = new StateDict(seed);
        Block b = block(state);
        String last = b.lastBn().name();
        state.set(last + ".weight", Tensor.zeros(outChannels()));
        state.set(last + ".bias", Tensor.zeros(outChannels()));
        Graph.Builder g = Graph.builder(inplanes);
        Graph block = g.build(b.lower(g, g.input()));
        Graph.Builder e = Graph.builder(inplanes);
        Graph.Node shortcut = b.downsample().isPresent() ? b.downsample().get().lower(e, e.input()) : e.input();
        Graph expected = e.build(e.add("relu", new Op.Relu(), shortcut));
        Tensor x = input();
        return new Example[] {new Example(block, x), new Example(expected, x)};
    }

    public Tensor input() {
        return new RandomData(~seed).uniform(inputShape());
    }

    @Override
    public String toString() {
        return type + "(in=" + inplanes + ", planes=" + planes + (type == BlockType.BOTTLENECK
                ? ", width=" + innerWidth + ", groups=" + groups + ", dilation=" + dilation + ", " + placement : "")
                + ", stride=" + stride + ", downsample=" + projection + ", input=" + inputShape().toCompactString()
                + ", seed=" + seed + ")";
    }
}
