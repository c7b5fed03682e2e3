package io.resnet4j.backend.java;

/**
 * Global average pooling to N×C×1×1. Sums in double: the op is tiny next to the convs, and large planes would
 * otherwise lose precision to float accumulation.
 */
record AvgPoolStep(int input, int output) implements Step {

    @Override
    public int[] inputs() {
        return new int[] {input};
    }

    @Override
    public void execute(Activations values, Parallel parallel) {
        var in = values.shape(input);
        int plane = in.dim(2) * in.dim(3);
        float[] x = values.get(input);
        float[] y = values.allocate(output);
        parallel.forRanges(y.length, Math.max(1, 16_384 / plane), (from, to) -> {
            for (int p = from; p < to; p++) {
                double sum = 0;
                for (int i = p * plane, end = i + plane; i < end; i++) {
                    sum += x[i];
                }
                y[p] = (float) (sum / plane);
            }
        });
        values.put(output, y);
    }
}
