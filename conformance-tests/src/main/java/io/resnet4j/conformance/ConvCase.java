package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;

/** One convolution: shapes, window and the seed of its weights and input. */
public record ConvCase(int batch, int groups, int inPerGroup, int outPerGroup, int height, int width, int kernel,
        int stride, int padding, int dilation, boolean bias, long seed) {

    public int inChannels() {
        return groups * inPerGroup;
    }

    public int outChannels() {
        return groups * outPerGroup;
    }

    public Shape inputShape() {
        return Shape.of(batch, inChannels(), height, width);
    }

    /** Whether the padded input covers the kernel's span, i.e. whether the op must accept it. */
    public boolean accepted() {
        int span = dilation * (kernel - 1) + 1;
        return height + 2 * padding >= span && width + 2 * padding >= span;
    }

    /** Multiply-accumulates, to keep generated cases cheap for the scalar reference. */
    public long macs() {
        int span = dilation * (kernel - 1) + 1;
        long oh = Math.max(0, (height + 2 * padding - span) / stride + 1);
        long ow = Math.max(0, (width + 2 * padding - span) / stride + 1);
        return (long) batch * outChannels() * oh * ow * inPerGroup * kernel * kernel;
    }

    /** The conv op with weights (uniform in [−1, 1)) drawn from {@code data}. */
    public Op.Conv2d op(RandomData data) {
        Tensor w = data.uniform(outChannels(), inPerGroup, kernel, kernel);
        Tensor b = bias ? data.uniform(outChannels()) : null;
        return new Op.Conv2d(w, b, stride, padding, dilation, groups);
    }

    /** input → conv. */
    public Example example() {
        RandomData data = new RandomData(seed);
        Graph.Builder g = Graph.builder(inChannels());
        Graph.Node conv = g.add("conv", op(data), g.input());
        return new Example(g.build(conv), data.uniform(inputShape()));
    }
}
