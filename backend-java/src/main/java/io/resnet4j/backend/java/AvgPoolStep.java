package io.resnet4j.backend.java;

/**
 * Global average pooling to N×C×1×1. Sums in double: the op is tiny next to the convs, and large planes would
 * otherwise lose precision to float accumulation.
 */
final class AvgPoolStep implements Step {
    private final String label;
    private final int input;
    private final int output;
    /** Pixels per block of a pixel-blocked input ({@link PixelBlocks}), or 0 for NCHW. */
    private final int blockWidth;
    /** Planes {@code [from, to)}: made once, so that a run allocates no task. */
    private final Parallel.RangeTask<Values> average = this::average;

    AvgPoolStep(String label, int input, int output) {
        this(label, input, output, 0);
    }

    private AvgPoolStep(String label, int input, int output, int blockWidth) {
        this.label = label;
        this.input = input;
        this.output = output;
        this.blockWidth = blockWidth;
    }

    /** This pool reading its input pixel-blocked if {@code blocked} marks it, in blocks of {@code width}. */
    AvgPoolStep withPixelBlocks(boolean[] blocked, int width) {
        return new AvgPoolStep(label, input, output, blocked[input] ? width : 0);
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
            if (blockWidth == 0) {
                for (int i = xo + p * plane, end = i + plane; i < end; i++) {
                    sum += x[i];
                }
            } else {
                // The same sum in the same order: the plane's pixels run by run, a run per block they lie in.
                int channels = in.dim(1);
                int c = p % channels;
                for (int q = (p / channels) * plane, end = q + plane; q < end; ) {
                    int at = xo + PixelBlocks.at(q, c, channels, blockWidth);
                    int run = Math.min(end - q, blockWidth - q % blockWidth);
                    for (int i = at; i < at + run; i++) {
                        sum += x[i];
                    }
                    q += run;
                }
            }
            y[yo + p] = (float) (sum / plane);
        }
    }
}
