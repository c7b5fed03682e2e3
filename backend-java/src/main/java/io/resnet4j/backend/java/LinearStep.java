package io.resnet4j.backend.java;

/** y = x·Wᵀ + b on an N×in input, one dot product per output element. */
final class LinearStep implements Step {
    private final int input;
    private final int output;
    private final float[] weight;
    private final float[] bias;
    private final Kernels kernels;

    /** @param weight out×in, row-major */
    LinearStep(int input, int output, float[] weight, float[] bias, Kernels kernels) {
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
    public void execute(Activations values, Parallel parallel) {
        int in = values.shape(input).dim(1);
        int outFeatures = bias.length;
        float[] x = values.get(input);
        float[] y = values.allocate(output);
        parallel.forRanges(y.length, Math.max(1, 65_536 / in), (from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i % outFeatures;
                y[i] = kernels.dot(x, (i / outFeatures) * in, weight, o * in, in) + bias[o];
            }
        });
        values.put(output, y);
    }
}
