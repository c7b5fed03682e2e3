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
     */
    void pack(float[] x, int xOff, int channels, int h, int width, int outWidth, int c0, int cols, int strips, int w,
            float[] panel, Scratch scratch) {
        if (kernel == 1 && stride == 1 && padding == 0) {
            packPointwise(x, xOff, channels, h * width, c0, cols, strips, w, panel);
            return;
        }
        int span = strips * w;
        int[] rowBase = scratch.rowBase(span);
        int[] colBase = scratch.colBase(span);
        for (int j = 0; j < span; j++) {
            if (j < cols) {
                int p = c0 + j;
                rowBase[j] = (p / outWidth) * stride - padding;
                colBase[j] = (p % outWidth) * stride - padding;
            } else {
                rowBase[j] = Integer.MIN_VALUE / 2; // never in range, so the pixel packs as zeros
                colBase[j] = 0;
            }
        }
        int k = kernel * kernel * channels;
        int plane = h * width;
        for (int s = 0; s < strips; s++) {
            int dst = s * k * w;
            for (int ci = 0; ci < channels; ci++) {
                int src = xOff + ci * plane;
                for (int kh = 0; kh < kernel; kh++) {
                    int dh = kh * dilation;
                    for (int kw = 0; kw < kernel; kw++, dst += w) {
                        int dw = kw * dilation;
                        for (int jj = 0, j = s * w; jj < w; jj++, j++) {
                            int ih = rowBase[j] + dh;
                            int iw = colBase[j] + dw;
                            panel[dst + jj] = ih >= 0 && ih < h && iw >= 0 && iw < width ? x[src + ih * width + iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** A 1×1, stride-1, unpadded conv reads each channel's pixels in order: plain copies. */
    private static void packPointwise(float[] x, int xOff, int channels, int plane, int c0, int cols, int strips,
            int w, float[] panel) {
        for (int s = 0; s < strips; s++) {
            int first = s * w;
            int len = Math.min(w, cols - first);
            int dst = s * channels * w;
            for (int ci = 0; ci < channels; ci++, dst += w) {
                System.arraycopy(x, xOff + ci * plane + c0 + first, panel, dst, len);
                if (len < w) {
                    java.util.Arrays.fill(panel, dst + len, dst + w, 0f);
                }
            }
        }
    }
}
