package io.resnet4j.backend.java;

/**
 * im2col for one block of output pixels: lays the input values each output pixel needs out as the right-hand
 * matrix of the conv's GEMM, packed in strips of {@code w} pixels so that {@link Kernels#multiply} streams it:
 * {@code panel[s·K·w + kIndex·w + j]} is input channel/tap {@code kIndex = (ci·k + kh)·k + kw} (the weight
 * layout) for pixel {@code c0 + s·w + j}. Pixels past the block and taps in the padding are zero.
 */
record ColumnPacker(int kernel, int stride, int padding, int dilation) {

    /**
     * @param x        the input
     * @param xOff     offset of the first channel of this image and group
     * @param channels input channels per group
     * @param h        input height
     * @param width    input width
     * @param outWidth output width
     * @param c0       first output pixel (row-major over the output plane)
     * @param cols     pixels in this block
     * @param strips   strips to fill: ⌈cols / w⌉
     * @param w        the kernels' strip width
     * @param panelOff where in {@code panel} this block's strips start
     */
    void pack(float[] x, int xOff, int channels, int h, int width, int outWidth, int c0, int cols, int strips, int w,
            float[] panel, int panelOff, Scratch scratch) {
        if (kernel == 1 && stride == 1 && padding == 0) {
            packPointwise(x, xOff, channels, h * width, c0, cols, strips, w, panel, panelOff);
            return;
        }
        int k = kernel * kernel * channels;
        int plane = h * width;
        int[] runStart = scratch.runStarts(w + 1);
        int[] runBase = scratch.runBases(2 * w);
        for (int s = 0; s < strips; s++) {
            int runs = runsOfOneOutputRow(c0 + s * w, Math.min(w, cols - s * w), outWidth, runStart, runBase);
            int dst = panelOff + s * k * w;
            java.util.Arrays.fill(panel, dst, dst + k * w, 0f); // padding taps and pixels past the block stay zero
            for (int ci = 0; ci < channels; ci++) {
                int src = xOff + ci * plane;
                for (int kh = 0; kh < kernel; kh++) {
                    int dh = kh * dilation;
                    for (int kw = 0; kw < kernel; kw++, dst += w) {
                        int dw = kw * dilation;
                        for (int r = 0; r < runs; r++) {
                            int ih = runBase[2 * r] + dh;
                            if (ih >= 0 && ih < h) {
                                copyRun(x, src + ih * width, runBase[2 * r + 1] + dw, width, panel,
                                        dst + runStart[r], runStart[r + 1] - runStart[r]);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Splits the strip's pixels {@code first … first+len-1} into runs lying on one output row, within which the input
     * columns advance by the stride. Run {@code r} covers strip positions {@code runStart[r] … runStart[r+1]-1};
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

    /** Copies {@code n} input values starting at column {@code iw0}, every {@code stride}-th, skipping padding. */
    private void copyRun(float[] x, int rowOff, int iw0, int width, float[] panel, int dst, int n) {
        // The positions t whose column iw0 + t·stride lies inside [0, width).
        int tLo = iw0 >= 0 ? 0 : (-iw0 + stride - 1) / stride;
        int tHi = Math.min(n, iw0 >= width ? 0 : (width - iw0 + stride - 1) / stride);
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

    /** A 1×1, stride-1, unpadded conv reads each channel's pixels in order: plain copies. */
    private static void packPointwise(float[] x, int xOff, int channels, int plane, int c0, int cols, int strips,
            int w, float[] panel, int panelOff) {
        for (int s = 0; s < strips; s++) {
            int first = s * w;
            int len = Math.min(w, cols - first);
            int dst = panelOff + s * channels * w;
            for (int ci = 0; ci < channels; ci++, dst += w) {
                System.arraycopy(x, xOff + ci * plane + c0 + first, panel, dst, len);
                if (len < w) {
                    java.util.Arrays.fill(panel, dst + len, dst + w, 0f);
                }
            }
        }
    }
}
