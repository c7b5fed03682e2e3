package io.resnet4j.backend.java;

/**
 * Max pooling with −∞ padding and floor rounding. Padding never exceeds half the window, so every window holds
 * at least one real value (windows are clipped to the input, which is the same as −∞ padding).
 */
final class MaxPoolStep implements Step {
    private final String label;
    private final int input;
    private final int output;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Kernels kernels;
    /** Planes {@code [from, to)}: made once, so that a run allocates no task. */
    private final Parallel.RangeTask<Values> pool = this::poolPlanes;

    MaxPoolStep(String label, int input, int output, int kernel, int stride, int padding, Kernels kernels) {
        this.label = label;
        this.input = input;
        this.output = output;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.kernels = kernels;
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
        var out = values.shape(output);
        parallel.forRanges(in.dim(0) * in.dim(1), Math.max(1, 4096 / (out.dim(2) * out.dim(3))), values, pool);
    }

    private void poolPlanes(Values values, int from, int to) {
        var in = values.shape(input);
        var out = values.shape(output);
        int h = in.dim(2), w = in.dim(3), oh = out.dim(2), ow = out.dim(3);
        float[] x = values.array(input);
        int xo = values.offset(input);
        float[] y = values.array(output);
        int yo = values.offset(output);
        for (int plane = from; plane < to; plane++) {
            poolRows(x, xo + plane * h * w, h, w, y, yo + plane * oh * ow, 0, oh, ow);
        }
    }

    int input() {
        return input;
    }

    /** The input rows output rows {@code [r0, r1)} read: from the first's window to the last's, clipped to h. */
    int firstRowRead(int r0) {
        return Math.max(0, r0 * stride - padding);
    }

    int rowEndRead(int r1, int h) {
        return Math.min(h, (r1 - 1) * stride - padding + kernel);
    }

    /** The input rows {@code n} consecutive output rows read at most. */
    int rowsRead(int n) {
        return (n - 1) * stride + kernel;
    }

    /**
     * Output rows {@code [r0, r1)} of one plane (row r at {@code yOff + r·ow}), from the plane whose row i lies at
     * {@code xOff + i·w}: only the rows those outputs read ({@link #firstRowRead} to {@link #rowEndRead}) are
     * touched, so x may hold just those ({@link ConvPoolStep}'s band). Per output row: the column-wise max of the window's input rows first (contiguous, so the JIT vectorises it),
     * then each output's max over its window of that row: k + k comparisons per output instead of k·k.
     * Math.max keeps a NaN, as PyTorch does, and has no branch to mispredict on random data.
     */
    void poolRows(float[] x, int xOff, int h, int w, float[] y, int yOff, int r0, int r1, int ow) {
        float[] columns = ROW.get();
        if (columns.length < w) {
            columns = new float[w];
            ROW.set(columns);
        }
        for (int r = r0; r < r1; r++) {
            int rowStart = firstRowRead(r);
            int rowEnd = rowEndRead(r + 1, h);
            if (kernel == 3 && stride == 2 && padding == 1) {
                // Two or three rows in one vector pass (a row taken twice is its own max).
                int middle = rowEnd - rowStart == 3 ? rowStart + 1 : rowStart;
                kernels.max3(x, xOff + rowStart * w, x, xOff + middle * w, x, xOff + (rowEnd - 1) * w, columns, 0, w);
                windowsOfThreeByTwo(columns, w, y, yOff + r * ow, ow);
                continue;
            }
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

    /**
     * ResNet's stem pool (3, stride 2, padding 1) over one row of column maxima: output c is the max of columns
     * 2c − 1, 2c and 2c + 1. With the row split into odd and even columns ({@code odd[i]} = column 2i − 1,
     * {@code even[i]} = column 2i) that is max(odd[c], even[c], odd[c + 1]) over consecutive c, one vector pass;
     * the strided scalar loop above took several ns per output. Columns outside the row are −∞, which
     * Math.max ignores.
     */
    private void windowsOfThreeByTwo(float[] columns, int w, float[] y, int yOff, int ow) {
        float[][] split = SPLIT.get();
        if (split[0].length < ow + w + 2) {
            split[0] = new float[ow + w + 2];
            split[1] = new float[ow + w + 2];
        }
        float[] even = split[0], odd = split[1];
        odd[0] = Float.NEGATIVE_INFINITY;
        kernels.deinterleave(columns, 0, w / 2, even, 0, odd, 1);
        if (w % 2 != 0) {
            even[w / 2] = columns[w - 1];
        }
        java.util.Arrays.fill(even, (w + 1) / 2, ow + 1, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(odd, w / 2 + 1, ow + 1, Float.NEGATIVE_INFINITY);
        kernels.max3(odd, 0, even, 0, odd, 1, y, yOff, ow);
    }

    /** One input row's column maxima, per thread. */
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);
    /** Its even and odd columns, per thread. */
    private static final ThreadLocal<float[][]> SPLIT = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});
}
