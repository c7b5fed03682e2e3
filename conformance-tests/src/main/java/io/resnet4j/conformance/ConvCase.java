package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;

/**
 * One convolution: shapes, window and the seed of its weights and input. With {@code specials} the input holds
 * NaN, ±∞ and ±0 ({@link RandomData#withSpecialValues}), the weights hold exact zeros, and unpadded convolutions'
 * weights special values too (see {@link ReferenceInterpreter} for why only unpadded ones).
 */
public record ConvCase(int batch, int groups, int inPerGroup, int outPerGroup, int height, int width, int kernel,
        int stride, int padding, int dilation, boolean bias, boolean specials, long seed) {

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

    /** The conv op with weights (uniform in [−1, 1), special values as described above) drawn from {@code data}. */
    public Op.Conv2d op(RandomData data) {
        Tensor w = data.uniform(outChannels(), inPerGroup, kernel, kernel);
        if (specials) {
            if (padding == 0 && data.coin()) {
                data.withSpecialValues(w);
            } else {
                data.withZeros(w);
            }
        }
        Tensor b = bias ? data.uniform(outChannels()) : null;
        return new Op.Conv2d(w, b, stride, padding, dilation, groups);
    }

    /** The input, uniform in [−1, 1), with special values if the case has them. */
    public Tensor input(RandomData data) {
        Tensor x = data.uniform(inputShape());
        return specials ? data.withSpecialValues(x) : x;
    }

    /** input → conv. */
    public Example example() {
        RandomData data = new RandomData(seed);
        Graph.Builder g = Graph.builder(inChannels());
        Graph.Node conv = g.add("conv", op(data), g.input());
        return new Example(g.build(conv), input(data));
    }
}
