package io.resnet4j.backend.java;

/**
 * Global average pooling to N×C×1×1. Sums in double: the op is tiny next to the convs, and large planes would
 * otherwise lose precision to float accumulation.
 */
record AvgPoolStep(String label, int input, int output) implements Step {

    @Override
    public int[] inputs() {
        return new int[] {input};
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        var in = values.shape(input);
        int plane = in.dim(2) * in.dim(3);
        float[] x = values.array(input);
        int xo = values.offset(input);
        float[] y = values.array(output);
        int yo = values.offset(output);
        parallel.forRanges(in.dim(0) * in.dim(1), Math.max(1, 16_384 / plane), (from, to) -> {
            for (int p = from; p < to; p++) {
                double sum = 0;
                for (int i = xo + p * plane, end = i + plane; i < end; i++) {
                    sum += x[i];
                }
                y[yo + p] = (float) (sum / plane);
            }
        });
    }
}
