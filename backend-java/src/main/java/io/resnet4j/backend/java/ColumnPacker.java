package io.resnet4j.backend.java;

/**
 * im2col for one block of output pixels and a range of input channels: lays the input values each output pixel
 * needs out as the right-hand matrix of the conv's GEMM, one row per tap:
 * {@code panel[panelOff + (tap − firstTap)·ld + j]} is tap {@code (ci·k + kh)·k + kw} (the weight layout) for
 * pixel {@code c0 + j}. A tap's row is a few long copies (one per output row the block touches), not one per
 * strip. Taps in the padding and columns past the block are zero.
 */
record ColumnPacker(int kernel, int stride, int padding, int dilation) {

    /** A 1×1, stride-1, unpadded conv, whose GEMM input is the input tensor itself. */
    boolean pointwise() {
        return kernel == 1 && stride == 1 && padding == 0;
    }

    /**
     * @param x        the input
     * @param xOff     offset of the first channel of this image and group
     * @param chFrom   first input channel (within the group) of the slice
     * @param chTo     end of the slice's channels
     * @param h        input height
     * @param width    input width
     * @param outWidth output width
     * @param c0       first output pixel (row-major over the output plane)
     * @param cols     pixels in this block
     * @param ld       the panel's row length: {@code cols} rounded up to whole strips
     */
    void pack(float[] x, int xOff, int chFrom, int chTo, int h, int width, int outWidth, int c0, int cols, int ld,
            float[] panel, int panelOff, Scratch scratch) {
        int plane = h * width;
        int taps = (chTo - chFrom) * kernel * kernel;
        if (pointwise()) {
            for (int ci = chFrom, dst = panelOff; ci < chTo; ci++, dst += ld) {
                System.arraycopy(x, xOff + ci * plane + c0, panel, dst, cols);
                java.util.Arrays.fill(panel, dst + cols, dst + ld, 0f);
            }
            return;
        }
        int[] runStart = scratch.runStarts(cols + 2);
        int[] runBase = scratch.runBases(2 * cols + 2);
        int runs = runsOfOneOutputRow(c0, cols, outWidth, runStart, runBase);
        // Every position is written exactly once: copied, or zeroed where it falls in the padding or the tail.
        int dst = panelOff;
        for (int ci = chFrom; ci < chTo; ci++) {
            int src = xOff + ci * plane;
            for (int kh = 0; kh < kernel; kh++) {
                int dh = kh * dilation;
                for (int kw = 0; kw < kernel; kw++, dst += ld) {
                    int dw = kw * dilation;
                    for (int r = 0; r < runs; r++) {
                        int ih = runBase[2 * r] + dh;
                        if (ih >= 0 && ih < h) {
                            copyRun(x, src + ih * width, runBase[2 * r + 1] + dw, width, panel, dst + runStart[r],
                                    runStart[r + 1] - runStart[r]);
                        } else {
                            java.util.Arrays.fill(panel, dst + runStart[r], dst + runStart[r + 1], 0f);
                        }
                    }
                    java.util.Arrays.fill(panel, dst + cols, dst + ld, 0f);
                }
            }
        }
    }

    /**
     * Splits the pixels {@code first … first+len-1} into runs lying on one output row, within which the input
     * columns advance by the stride. Run {@code r} covers block positions {@code runStart[r] … runStart[r+1]-1};
     * {@code runBase[2r]} is its top input row and {@code runBase[2r+1]} its first input column, before the tap offset.
     */
    private int runsOfOneOutputRow(int first, int len, int outWidth, int[] runStart, int[] runBase) {
        int runs = 0;
        int j = 0;
        while (j < len) {
            int p = first + j;
            int row = p / outWidth;
            int col = p % outWidth;
            int n = Math.min(len - j, outWidth - col);
            runStart[runs] = j;
            runBase[2 * runs] = row * stride - padding;
            runBase[2 * runs + 1] = col * stride - padding;
            runs++;
            j += n;
        }
        runStart[runs] = j;
        return runs;
    }

    /** Copies {@code n} input values starting at column {@code iw0}, every {@code stride}-th; zeros for padding. */
    private void copyRun(float[] x, int rowOff, int iw0, int width, float[] panel, int dst, int n) {
        // The positions t whose column iw0 + t·stride lies inside [0, width).
        int tLo = Math.min(n, iw0 >= 0 ? 0 : (-iw0 + stride - 1) / stride);
        int tHi = Math.max(tLo, Math.min(n, iw0 >= width ? 0 : (width - iw0 + stride - 1) / stride));
        java.util.Arrays.fill(panel, dst, dst + tLo, 0f);
        java.util.Arrays.fill(panel, dst + tHi, dst + n, 0f);
        if (tLo >= tHi) {
            return;
        }
        if (stride == 1) {
            System.arraycopy(x, rowOff + iw0 + tLo, panel, dst + tLo, tHi - tLo);
        } else {
            for (int t = tLo, iw = rowOff + iw0 + tLo * stride; t < tHi; t++, iw += stride) {
                panel[dst + t] = x[iw];
            }
        }
    }
}
