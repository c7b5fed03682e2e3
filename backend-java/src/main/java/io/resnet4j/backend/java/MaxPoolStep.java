package io.resnet4j.backend.java;

/**
 * Max pooling with −∞ padding and floor rounding. Padding never exceeds half the window, so every window holds
 * at least one real value (windows are clipped to the input, which is the same as −∞ padding).
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

    /**
     * Per output row: the column-wise max of the window's input rows first (contiguous, so the JIT vectorises it),
     * then each output's max over its window of that row: k + k comparisons per output instead of k·k.
     * Math.max keeps a NaN, as PyTorch does, and has no branch to mispredict on random data.
     */
    private void poolPlane(float[] x, int xOff, int h, int w, float[] y, int yOff, int oh, int ow) {
        float[] columns = ROW.get();
        if (columns.length < w) {
            columns = new float[w];
            ROW.set(columns);
        }
        for (int r = 0; r < oh; r++) {
            int rowStart = Math.max(0, r * stride - padding);
            int rowEnd = Math.min(h, r * stride - padding + kernel);
            System.arraycopy(x, xOff + rowStart * w, columns, 0, w);
            for (int i = rowStart + 1; i < rowEnd; i++) {
                int row = xOff + i * w;
                for (int j = 0; j < w; j++) {
                    columns[j] = Math.max(columns[j], x[row + j]);
                }
            }
            for (int c = 0; c < ow; c++) {
                int colStart = Math.max(0, c * stride - padding);
                int colEnd = Math.min(w, c * stride - padding + kernel);
                float max = columns[colStart];
                for (int j = colStart + 1; j < colEnd; j++) {
                    max = Math.max(max, columns[j]);
                }
                y[yOff + r * ow + c] = max;
            }
        }
    }

    /** One input row's column maxima, per thread. */
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);
}
