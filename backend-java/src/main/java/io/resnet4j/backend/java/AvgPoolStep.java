package io.resnet4j.backend.java;

/**
 * Global average pooling to N×C×1×1. Sums in double: the op is tiny next to the convs, and large planes would
 * otherwise lose precision to float accumulation.
 */
final class AvgPoolStep implements Step {
    private final String label;
    private final int input;
    private final int output;
    /** Planes {@code [from, to)}: made once, so that a run allocates no task. */
    private final Parallel.RangeTask<Values> average = this::average;

    AvgPoolStep(String label, int input, int output) {
        this.label = label;
        this.input = input;
        this.output = output;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int output() {
        return output;
    }

    @Override
    public int[] inputs() {
        return new int[] {input};
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        var in = values.shape(input);
        parallel.forRanges(in.dim(0) * in.dim(1), Math.max(1, 16_384 / (in.dim(2) * in.dim(3))), values, average);
    }

    private void average(Values values, int from, int to) {
        var in = values.shape(input);
        int plane = in.dim(2) * in.dim(3);
        float[] x = values.array(input);
        int xo = values.offset(input);
        float[] y = values.array(output);
        int yo = values.offset(output);
        for (int p = from; p < to; p++) {
            double sum = 0;
            for (int i = xo + p * plane, end = i + plane; i < end; i++) {
                sum += x[i];
            }
            y[yo + p] = (float) (sum / plane);
        }
    }
}
