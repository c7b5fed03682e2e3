package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;

/** The op chains backends like to fuse, built from a {@link ConvCase}'s shapes and seed. */
public final class FusionExamples {
    private FusionExamples() {}

    /** conv → BN → ReLU, optionally tapping the BN output (which a fusing backend must then still produce). */
    public static Example convBnRelu(ConvCase c, boolean tapBn) {
        RandomData data = new RandomData(c.seed());
        Op.Conv2d conv = c.op(data);
        Graph.Builder g = Graph.builder(c.inChannels());
        Graph.Node bn = g.add("bn", PlaneCase.randomBatchNorm(data, c.outChannels(), c.specials()),
                g.add("conv", conv, g.input()));
        if (tapBn) {
            g.tap("bn", bn);
        }
        return new Example(g.build(g.add("relu", new Op.Relu(), bn)), c.input(data));
    }

    /**
     * ReLU(x + BN(conv(x))) with a same-size conv ("same" padding, stride 1, as many outputs as inputs):
     * the residual add fused into the conv's epilogue.
     */
    public static Example residual(ConvCase c) {
        RandomData data = new RandomData(c.seed());
        int channels = c.inChannels(), k = c.kernel(), dil = c.dilation();
        Tensor weight = data.uniform(channels, c.inPerGroup(), k, k);
        if (c.specials()) {
            data.withZeros(weight); // padded: only zeros (see ReferenceInterpreter)
        }
        Op.Conv2d conv = new Op.Conv2d(weight, null, 1, dil * (k - 1) / 2, dil, c.groups());
        Graph.Builder g = Graph.builder(channels);
        Graph.Node bn = g.add("bn", PlaneCase.randomBatchNorm(data, channels, c.specials()),
                g.add("conv", conv, g.input()));
        Graph.Node sum = g.add("add", new Op.Add(), bn, g.input());
        return new Example(g.build(g.add("relu", new Op.Relu(), sum)), c.input(data));
    }

    /** conv → BN, unfolded: the reference for {@link #folded}. */
    public static Example convThenBn(ConvCase c) {
        RandomData data = new RandomData(c.seed());
        Op.Conv2d conv = withoutBias(c.op(data));
        Op.BatchNorm bn = PlaneCase.randomBatchNorm(data, c.outChannels(), c.specials());
        Graph.Builder g = Graph.builder(c.inChannels());
        return new Example(g.build(g.add("bn", bn, g.add("conv", conv, g.input()))), c.input(data));
    }

    /**
     * The same as {@link #convThenBn} with the BN folded in by hand, in double then rounded once:
     * w' = w·γ/√(var+ε), b' = β − mean·γ/√(var+ε).
     */
    public static Example folded(ConvCase c) {
        Example unfolded = convThenBn(c);
        Op.Conv2d conv = (Op.Conv2d) unfolded.graph().nodes().get(1).op();
        Op.BatchNorm bn = (Op.BatchNorm) unfolded.graph().nodes().get(2).op();
        Graph.Builder g = Graph.builder(c.inChannels());
        return new Example(g.build(g.add("conv", fold(conv, bn), g.input())), unfolded.input());
    }

    /** {@code bn} folded into {@code conv}, in double then rounded once: w·s and (b − mean)·s + β, s = γ/√(var+ε). */
    public static Op.Conv2d fold(Op.Conv2d conv, Op.BatchNorm bn) {
        int out = conv.outChannels(), perOut = (int) (conv.weight().size() / out);
        float[] w = conv.weight().data().clone();
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = bn.gamma().data()[o] / Math.sqrt((double) bn.var().data()[o] + bn.eps());
            for (int i = 0; i < perOut; i++) {
                w[o * perOut + i] = (float) (w[o * perOut + i] * scale);
            }
            double bias = conv.bias() == null ? 0 : conv.bias().data()[o];
            b[o] = (float) ((bias - bn.mean().data()[o]) * scale + bn.beta().data()[o]);
        }
        return new Op.Conv2d(Tensor.wrap(conv.weight().shape(), w), Tensor.wrap(b, out), conv.stride(),
                conv.padding(), conv.dilation(), conv.groups());
    }

    private static Op.Conv2d withoutBias(Op.Conv2d c) {
        return new Op.Conv2d(c.weight(), null, c.stride(), c.padding(), c.dilation(), c.groups());
    }
}
