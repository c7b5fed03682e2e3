package io.resnet4j.backend.java;

/**
 * y = x·Wᵀ + b on an N×in input, one dot product per output element. Work is cut by output feature, each feature
 * for every image in turn, so that each weight row is read from memory once per run and reused from L1 by the
 * batch: image by image, a batch of 8 streamed ResNet-50's 8 MB classifier 8 times and took 2.9 ms where
 * ONNX Runtime took well under one. Rows and images go four by four ({@link Kernels#dotBlock}): one dot product
 * at a time still took 1.1 ms at batch 8, each waiting on its own chain and reading the inputs again from L2.
 */
final class LinearStep implements Step {
    private final String label;
    private final int input;
    private final int output;
    private final float[] weight;
    private final float[] bias;
    private final Kernels kernels;
    /** Output features {@code [from, to)} of every image: made once, so that a run allocates no task. */
    private final Parallel.RangeTask<Values> features = this::features;

    /** @param weight out×in, row-major; the graph's own array, read only (weights are held once) */
    LinearStep(String label, int input, int output, float[] weight, float[] bias, Kernels kernels) {
        this.label = label;
        this.input = input;
        this.output = output;
        this.weight = weight;
        this.bias = bias;
        this.kernels = kernels;
    }

    @Override
    public int[] inputs() {
        return new int[] {input};
    }

    @Override
    public int output() {
        return output;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public long macs(io.resnet4j.tensor.Shape[] shapes) {
        return shapes[output].size() * shapes[input].dim(1);
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        var in = values.shape(input);
        parallel.forRanges(bias.length, Math.max(1, 65_536 / (in.dim(0) * in.dim(1))), values, features);
    }

    private void features(Values values, int from, int to) {
        int batch = values.shape(input).dim(0);
        int in = values.shape(input).dim(1);
        int outFeatures = bias.length;
        float[] x = values.array(input);
        int xo = values.offset(input);
        float[] y = values.array(output);
        int yo = values.offset(output);
        kernels.dotBlock(x, xo, batch, weight, from * in, to - from, in, bias, from, y, yo + from, outFeatures);
    }
}
