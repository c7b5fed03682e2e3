package io.resnet4j.backend.java;

/**
 * im2col for one block of output pixels and a range of input channels: lays the input values each output pixel
 * needs out as the right-hand matrix of the conv's GEMM, cut into strips of {@code width} columns, each strip's
 * taps one after another:
 * {@code panel[panelOff + s·taps·width + (tap − firstTap)·width + (j − s·width)]} is tap {@code (ci·k + kh)·k + kw}
 * (the weight layout) for pixel {@code c0 + j}, {@code s = j / width}, {@code taps} the slice's tap count.
 * Strip-major because the kernel walks one strip down all its taps: a contiguous strip streams through L1,
 * while strips cut out of long rows (one row per tap, hundreds of bytes apart) fall into a few cache sets and
 * measured 1.75× slower. Taps in the padding are zero, and so are columns past the block ({@link #zeroTail}).
 */
record ColumnPacker(int kernel, int stride, int padding, int dilation, Kernels kernels) {

    /** A 1×1, stride-1, unpadded conv: its columns are contiguous runs of the input. */
    boolean pointwise() {
        return kernel == 1 && stride == 1 && padding == 0;
    }

    /**
     * Packs {@code cols} pixels of one image into block positions {@code [j0, j0 + cols)}: a block may hold the
     * pixels of several images, each packed by its own call. Positions past the block's last pixel are left to
     * {@link #zeroTail}.
     *
     * @param x        the input
     * @param xOff     offset of the first channel of this image and group
     * @param chFrom   first input channel (within the group) of the slice
     * @param chTo     end of the slice's channels
     * @param h        input height
     * @param width    input width
     * @param outWidth output width
     * @param c0       first output pixel (row-major over the image's output plane)
     * @param cols     pixels to pack
     * @param strip    columns per strip (the kernels' strip width)
     * @param j0       the block position of the first pixel
     */
    void pack(float[] x, int xOff, int chFrom, int chTo, int h, int width, int outWidth, int c0, int cols, int strip,
            float[] panel, int panelOff, int j0, Scratch scratch) {
        int plane = h * width;
        int taps = (chTo - chFrom) * kernel * kernel;
        int stripSize = taps * strip;
        if (pointwise()) {
            // Whole strips from the block's start in one kernel call, the rest (a last partial strip, or a block
            // that starts mid-strip, its pixels following another image's) run by run.
            int whole = j0 % strip == 0 ? cols / strip : 0;
            if (whole > 0) {
                kernels.packStrips(x, xOff + chFrom * plane + c0, plane, chTo - chFrom, whole, strip, panel,
                        panelOff + (j0 / strip) * stripSize, stripSize);
            }
            for (int ci = chFrom, t = 0; ci < chTo; ci++, t++) {
                int src = xOff + ci * plane + c0;
                for (int j = whole * strip; j < cols; ) {
                    int at = j0 + j;
                    int n = Math.min(cols - j, strip - at % strip);
                    System.arraycopy(x, src + j, panel, panelOff + (at / strip) * stripSize + t * strip + at % strip, n);
                    j += n;
                }
            }
            return;
        }
        if (fromPaddedPlanes(h, width, outWidth)) {
            packFromPaddedPlanes(x, xOff, chFrom, chTo, h, width, outWidth, c0, cols, strip, panel, panelOff, j0, scratch);
            return;
        }
        int[] runStart = scratch.runStarts(cols + 2);
        int[] runBase = scratch.runBases(2 * cols + 2);
        int runs = runsWithinOneRowAndStrip(c0, cols, outWidth, strip, j0, runStart, runBase);
        if (stride == 2 && dilation == 1 && kernel > 1) {
            packStrideTwo(x, xOff, chFrom, chTo, h, width, strip, panel, panelOff, j0, runs, runStart, runBase, scratch);
            return;
        }
        // Every position is written exactly once: copied, or zeroed where it falls in the padding.
        int t = 0;
        for (int ci = chFrom; ci < chTo; ci++) {
            int src = xOff + ci * plane;
            for (int kh = 0; kh < kernel; kh++) {
                int dh = kh * dilation;
                for (int kw = 0; kw < kernel; kw++, t++) {
                    int dw = kw * dilation;
                    for (int r = 0; r < runs; r++) {
                        int at = j0 + runStart[r];
                        int dst = panelOff + (at / strip) * stripSize + t * strip + at % strip;
                        int n = runStart[r + 1] - runStart[r];
                        int ih = runBase[2 * r] + dh;
                        if (ih >= 0 && ih < h) {
                            copyRun(x, src + ih * width, runBase[2 * r + 1] + dw, width, panel, dst, n, scratch);
                        } else {
                            java.util.Arrays.fill(panel, dst, dst + n, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * Padded planes up to this many floats (16 KiB: 56×56 padded is 3364, 10×13 180) take
     * {@link #packFromPaddedPlanes}: a bound on the band a block copies per channel.
     */
    private static final int MAX_PADDED_PLANE = 4096;

    /**
     * Whether {@link #packFromPaddedPlanes} takes this input: output rows narrower than a strip, where the runs of
     * the run-by-run packer are a row or less (10×13: 13 values, with the padding's zeros at both ends), on planes
     * small enough that the band of padded rows a block reads stays a few KiB per channel.
     */
    private boolean fromPaddedPlanes(int h, int width, int outWidth) {
        return outWidth < kernels.stripWidth() && (long) (h + 2 * padding) * (width + 2 * padding) <= MAX_PADDED_PLANE;
    }

    /**
     * {@link #pack} for small planes: each input channel's rows that the block reads are copied once into a band
     * with the padding's zeros around it; then every tap of every pixel lies inside that band, at the pixel's first tap plus the tap's
     * offset, so one tap of a strip's pixels is one gather (two vector gathers for 32 pixels) instead of a
     * run per output row, each a library call with the padding's zeros beside it. On ResNet's 10×13 3×3 convs at
     * batch 8 the run-by-run packer took 27% of the conv; this packs those slices at 0.73 ns a value against 1.0–1.16
     * (one thread, Zen 4), and ResNet-18 at 160×200, batch 8, ran 2.5% faster (one JVM, alternating).
     */
    private void packFromPaddedPlanes(float[] x, int xOff, int chFrom, int chTo, int h, int width, int outWidth,
            int c0, int cols, int strip, float[] panel, int panelOff, int j0, Scratch scratch) {
        int plane = h * width;
        int paddedWidth = width + 2 * padding;
        // Only the band of padded rows the block's output rows read: a block of 256 pixels of a stride-2 conv on
        // 56×56 reads 19 of its 58 rows, and copying whole planes per channel tripled the copying.
        int firstRow = c0 / outWidth;
        int bandTop = firstRow * stride; // in padded rows
        int bandRows = ((c0 + cols - 1) / outWidth - firstRow) * stride + (kernel - 1) * dilation + 1;
        float[] padded = scratch.padded(bandRows * paddedWidth);
        // Rows in the padding and the borders stay zero: each channel's copy below writes only input rows.
        java.util.Arrays.fill(padded, 0, bandRows * paddedWidth, 0f);
        int rowFrom = Math.max(0, bandTop - padding);
        int rowTo = Math.min(h, bandTop - padding + bandRows);
        int[] first = scratch.pixelIndex(cols);
        for (int j = 0; j < cols; j++) {
            int p = c0 + j;
            first[j] = (p / outWidth - firstRow) * stride * paddedWidth + (p % outWidth) * stride;
        }
        int stripSize = (chTo - chFrom) * kernel * kernel * strip;
        for (int ci = chFrom, t = 0; ci < chTo; ci++) {
            for (int r = rowFrom; r < rowTo; r++) {
                System.arraycopy(x, xOff + ci * plane + r * width, padded,
                        (r + padding - bandTop) * paddedWidth + padding, width);
            }
            for (int kh = 0; kh < kernel; kh++) {
                for (int kw = 0; kw < kernel; kw++, t++) {
                    int tapOffset = kh * dilation * paddedWidth + kw * dilation;
                    for (int j = 0; j < cols; ) {
                        int at = j0 + j;
                        int n = Math.min(cols - j, strip - at % strip);
                        kernels.gather(padded, tapOffset, first, j, panel,
                                panelOff + (at / strip) * stripSize + t * strip + at % strip, n);
                        j += n;
                    }
                }
            }
        }
    }

    /**
     * {@link #pack} for stride 2 (ResNet's stem and the first conv of each stage): the taps of one kernel row read
     * the same input row at columns {@code iw0 + kw + 2t}, that is, for even kw the even columns from iw0 shifted by
     * kw/2 and for odd kw the odd ones. So each run's input row is split into even and odd columns once, with zeros
     * for the padding, and every tap of the kernel row is a plain copy out of one half: one split per run and kernel
     * row instead of one per tap (7 for the stem).
     */
    private void packStrideTwo(float[] x, int xOff, int chFrom, int chTo, int h, int width, int strip, float[] panel,
            int panelOff, int j0, int runs, int[] runStart, int[] runBase, Scratch scratch) {
        int plane = h * width;
        int stripSize = (chTo - chFrom) * kernel * kernel * strip;
        float[] even = scratch.evens(strip + kernel);
        float[] odd = scratch.odds(strip + kernel);
        for (int ci = chFrom; ci < chTo; ci++) {
            int src = xOff + ci * plane;
            for (int kh = 0; kh < kernel; kh++) {
                int firstTap = ((ci - chFrom) * kernel + kh) * kernel;
                for (int r = 0; r < runs; r++) {
                    int at = j0 + runStart[r];
                    int dst = panelOff + (at / strip) * stripSize + firstTap * strip + at % strip;
                    int n = runStart[r + 1] - runStart[r];
                    int ih = runBase[2 * r] + kh;
                    if (ih < 0 || ih >= h) {
                        for (int kw = 0; kw < kernel; kw++) {
                            java.util.Arrays.fill(panel, dst + kw * strip, dst + kw * strip + n, 0f);
                        }
                        continue;
                    }
                    splitColumns(x, src + ih * width, runBase[2 * r + 1], width, n + kernel / 2, even, odd);
                    for (int kw = 0; kw < kernel; kw++) {
                        System.arraycopy((kw & 1) == 0 ? even : odd, kw >> 1, panel, dst + kw * strip, n);
                    }
                }
            }
        }
    }

    /**
     * {@code even[i]} = column {@code iw0 + 2i} of the row, {@code odd[i]} = column {@code iw0 + 2i + 1}, for
     * {@code i < m}; columns outside {@code [0, width)} are the padding's zeros.
     */
    private void splitColumns(float[] x, int rowOff, int iw0, int width, int m, float[] even, float[] odd) {
        // Pairs [iLo, iHi) lie wholly inside the row: a vector split. The ends, a pair or two, one by one.
        int iLo = Math.min(m, iw0 >= 0 ? 0 : (1 - iw0) / 2);
        int iHi = Math.max(iLo, Math.min(m, width - 1 - iw0 <= 0 ? 0 : (width - 1 - iw0 + 1) / 2));
        for (int i = 0; i < iLo; i++) {
            even[i] = column(x, rowOff, iw0 + 2 * i, width);
            odd[i] = column(x, rowOff, iw0 + 2 * i + 1, width);
        }
        kernels.deinterleave(x, rowOff + iw0 + 2 * iLo, iHi - iLo, even, iLo, odd, iLo);
        for (int i = iHi; i < m; i++) {
            even[i] = column(x, rowOff, iw0 + 2 * i, width);
            odd[i] = column(x, rowOff, iw0 + 2 * i + 1, width);
        }
    }

    private static float column(float[] x, int rowOff, int c, int width) {
        return c >= 0 && c < width ? x[rowOff + c] : 0f;
    }

    /**
     * For a 1×1 unpadded conv reading a pixel-blocked input ({@link PixelBlocks}): where each of {@code cols} output
     * pixels from {@code firstPixel} (numbered through the batch) finds its input value of channel 0;
     * channel c's lies {@code c·blockWidth} further.
     */
    void blockIndex(int[] index, int firstPixel, int cols, int outPixels, int outWidth, int inPixels, int inWidth,
            int channels, int blockWidth) {
        for (int j = 0; j < cols; j++) {
            int q = firstPixel + j;
            int p = q % outPixels;
            int i = (q / outPixels) * inPixels + (p / outWidth) * stride * inWidth + (p % outWidth) * stride;
            index[j] = (i / blockWidth) * channels * blockWidth + i % blockWidth;
        }
    }

    /**
     * {@link #pack} from a pixel-blocked input, for the pixels {@link #blockIndex} placed: channels
     * {@code [chFrom, chTo)} of {@code cols} pixels into a panel of strips from {@code panelOff}, one gather per
     * channel and strip (a stride-2 projection's pixels are every other value of a block's run).
     */
    void packFromBlocks(float[] x, int xOff, int chFrom, int chTo, int[] index, int cols, int strip, int blockWidth,
            float[] panel, int panelOff) {
        int stripSize = (chTo - chFrom) * strip;
        for (int ci = chFrom, t = 0; ci < chTo; ci++, t++) {
            for (int j = 0; j < cols; j += strip) {
                kernels.gather(x, xOff + ci * blockWidth, index, j, panel, panelOff + (j / strip) * stripSize + t * strip,
                        Math.min(strip, cols - j));
            }
        }
    }

    /** Zeros the last strip's positions past a block of {@code cols} pixels, for every one of {@code taps} taps. */
    static void zeroTail(float[] panel, int panelOff, int taps, int cols, int strip) {
        int tail = cols % strip;
        if (tail == 0) {
            return;
        }
        int tailOff = panelOff + (cols / strip) * taps * strip;
        for (int t = 0; t < taps; t++) {
            int dst = tailOff + t * strip;
            java.util.Arrays.fill(panel, dst + tail, dst + strip, 0f);
        }
    }

    /**
     * Splits the pixels {@code first … first+len-1} (block positions from {@code j0}) into runs lying on one output
     * row and in one strip, within which the input columns advance by the stride. Run {@code r} covers the call's
     * pixels {@code runStart[r] … runStart[r+1]-1}; {@code runBase[2r]} is its top input row and {@code runBase[2r+1]} its
     * first input column, before the tap offset.
     */
    private int runsWithinOneRowAndStrip(int first, int len, int outWidth, int strip, int j0, int[] runStart,
            int[] runBase) {
        int runs = 0;
        int j = 0;
        while (j < len) {
            int p = first + j;
            int row = p / outWidth;
            int col = p % outWidth;
            int n = Math.min(Math.min(len - j, outWidth - col), strip - (j0 + j) % strip);
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
    private void copyRun(float[] x, int rowOff, int iw0, int width, float[] panel, int dst, int n, Scratch scratch) {
        // The positions t whose column iw0 + t·stride lies inside [0, width).
        int tLo = Math.min(n, iw0 >= 0 ? 0 : (-iw0 + stride - 1) / stride);
        int tHi = Math.max(tLo, Math.min(n, iw0 >= width ? 0 : (width - iw0 + stride - 1) / stride));
        // Usually a value or two at a row's ends: plain stores, not a library call per edge.
        for (int t = 0; t < tLo; t++) {
            panel[dst + t] = 0f;
        }
        for (int t = tHi; t < n; t++) {
            panel[dst + t] = 0f;
        }
        if (tLo >= tHi) {
            return;
        }
        if (stride == 1) {
            System.arraycopy(x, rowOff + iw0 + tLo, panel, dst + tLo, tHi - tLo);
        } else if (stride == 2 && tHi - tLo > 1) {
            // Every other value: the even half of a vector split. Its last pair's odd value would lie past the
            // row's last column used (maybe past the array), so the last value is copied alone.
            int pairs = tHi - tLo - 1;
            int from = rowOff + iw0 + tLo * 2;
            kernels.deinterleave(x, from, pairs, panel, dst + tLo, scratch.odds(pairs), 0);
            panel[dst + tHi - 1] = x[from + 2 * pairs];
        } else {
            for (int t = tLo, iw = rowOff + iw0 + tLo * stride; t < tHi; t++, iw += stride) {
                panel[dst + t] = x[iw];
            }
        }
    }
}
