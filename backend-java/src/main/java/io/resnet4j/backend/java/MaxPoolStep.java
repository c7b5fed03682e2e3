package io.resnet4j.backend.java;

/**
 * Max pooling with −∞ padding and floor rounding. Padding never exceeds half the window, so every window holds
 * at least one real value. Scalar on purpose: it is memory-bound and a few percent of a ResNet's time.
 */
record MaxPoolStep(String label, int input, int output, int kernel, int stride, int padding) implements Step {

    @Override
    public int[] inputs() {
        return new int[] {input};
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        var in = values.shape(input);
        var out = values.shape(output);
        int h = in.dim(2), w = in.dim(3), oh = out.dim(2), ow = out.dim(3);
        float[] x = values.array(input);
        int xo = values.offset(input);
        float[] y = values.array(output);
        int yo = values.offset(output);
        parallel.forRanges(in.dim(0) * in.dim(1), Math.max(1, 4096 / (oh * ow)), (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                poolPlane(x, xo + plane * h * w, h, w, y, yo + plane * oh * ow, oh, ow);
            }
        });
    }

    private void poolPlane(float[] x, int xOff, int h, int w, float[] y, int yOff, int oh, int ow) {
        for (int r = 0; r < oh; r++) {
            int rowStart = Math.max(0, r * stride - padding);
            int rowEnd = Math.min(h, r * stride - padding + kernel);
            for (int c = 0; c < ow; c++) {
                int colStart = Math.max(0, c * stride - padding);
                int colEnd = Math.min(w, c * stride - padding + kernel);
                float max = Float.NEGATIVE_INFINITY;
                for (int i = rowStart; i < rowEnd; i++) {
                    int row = xOff + i * w;
                    for (int j = colStart; j < colEnd; j++) {
                        // Math.max keeps a NaN, as PyTorch does, and has no branch to mispredict on random data.
                        max = Math.max(max, x[row + j]);
                    }
                }
                y[yOff + r * ow + c] = max;
            }
        }
    }
}
