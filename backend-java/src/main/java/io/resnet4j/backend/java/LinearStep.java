package io.resnet4j.backend.java;

/** y = x·Wᵀ + b on an N×in input, one dot product per output element. */
final class LinearStep implements Step {
    private final String label;
    private final int input;
    private final int output;
    private final float[] weight;
    private final float[] bias;
    private final Kernels kernels;
    /** Outputs {@code [from, to)} (image-major): made once, so that a run allocates no task. */
    private final Parallel.RangeTask<Values> outputs = this::outputs;

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
        int n = (int) values.shape(output).size();
        parallel.forRanges(n, Math.max(1, 65_536 / values.shape(input).dim(1)), values, outputs);
    }

    private void outputs(Values values, int from, int to) {
        int in = values.shape(input).dim(1);
        int outFeatures = bias.length;
        float[] x = values.array(input);
        int xo = values.offset(input);
        float[] y = values.array(output);
        int yo = values.offset(output);
        for (int i = from; i < to; i++) {
            int o = i % outFeatures;
            y[yo + i] = kernels.dot(x, xo + (i / outFeatures) * in, weight, o * in, in) + bias[o];
        }
    }
}
