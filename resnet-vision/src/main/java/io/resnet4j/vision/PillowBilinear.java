package io.resnet4j.vision;

/**
 * Pillow's {@code Image.resize(size, BILINEAR)} on 8-bit RGB, reproduced operation for operation so that results
 * are identical, not merely close.
 *
 * <p>Pillow resamples with a separable triangle filter. When shrinking, the filter's support widens by the scale
 * factor, so every source pixel contributes (an antialiased resize, unlike OpenCV's or Java2D's bilinear). Each
 * output pixel's weights are computed in double precision, normalised to sum to one, then turned into 22-bit fixed
 * point. The horizontal pass runs first, over only the source rows the vertical pass will read; its result is
 * rounded and clipped to 8 bits; then the vertical pass does the same on columns.
 *
 * <p>An output pixel depends only on its own weights, so {@link #resize} can compute any window of the full-size
 * result: a centre crop of a resize costs only the cropped pixels, and equals cropping the full result.
 */
final class PillowBilinear {
    /** Fixed-point fraction bits: 32 bits less 8 for the pixel value and 2 of headroom, as in Pillow. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private PillowBilinear() {}

    /**
     * The window {@code [x0, x0 + w) × [y0, y0 + h)} of {@code in} resized to {@code outWidth × outHeight}.
     * The window must lie inside the resized image.
     */
    static RgbImage resize(RgbImage in, int outWidth, int outHeight, int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > outWidth || y0 + h > outHeight) {
            throw new IllegalArgumentException("window " + w + "×" + h + "+" + x0 + "+" + y0
                    + " is not inside " + outWidth + "×" + outHeight);
        }
        Weights cols = Weights.of(in.width(), outWidth, x0, w);
        Weights rows = Weights.of(in.height(), outHeight, y0, h);
        // The source rows the window's vertical pass reads.
        int firstRow = rows.first[0];
        int lastRow = 0;
        for (int i = 0; i < h; i++) {
            lastRow = Math.max(lastRow, rows.first[i] + rows.count[i]);
        }
        byte[] horizontal = horizontalPass(in, cols, firstRow, lastRow);
        byte[] out = verticalPass(horizontal, w, rows, firstRow);
        return new RgbImage(w, h, out);
    }

    /** Rows {@code [firstRow, lastRow)} of {@code in}, each resampled to the window's columns. */
    private static byte[] horizontalPass(RgbImage in, Weights cols, int firstRow, int lastRow) {
        byte[] src = in.pixels();
        int w = cols.size();
        byte[] out = new byte[(lastRow - firstRow) * w * 3];
        for (int y = firstRow; y < lastRow; y++) {
            int rowStart = y * in.width() * 3;
            int o = (y - firstRow) * w * 3;
            for (int x = 0; x < w; x++) {
                int r = HALF, g = HALF, b = HALF;
                int p = rowStart + cols.first[x] * 3;
                int k = x * cols.stride;
                for (int i = 0; i < cols.count[x]; i++, p += 3) {
                    int weight = cols.fixed[k + i];
                    r += (src[p] & 0xFF) * weight;
                    g += (src[p + 1] & 0xFF) * weight;
                    b += (src[p + 2] & 0xFF) * weight;
                }
                out[o++] = clip8(r);
                out[o++] = clip8(g);
                out[o++] = clip8(b);
            }
        }
        return out;
    }

    private static byte[] verticalPass(byte[] src, int w, Weights rows, int firstRow) {
        int h = rows.size();
        int rowBytes = w * 3;
        byte[] out = new byte[h * rowBytes];
        int[] acc = new int[rowBytes];
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(acc, HALF);
            int k = y * rows.stride;
            int start = (rows.first[y] - firstRow) * rowBytes;
            for (int i = 0; i < rows.count[y]; i++) {
                int weight = rows.fixed[k + i];
                int p = start + i * rowBytes;
                for (int j = 0; j < rowBytes; j++) {
                    acc[j] += (src[p + j] & 0xFF) * weight;
                }
            }
            int o = y * rowBytes;
            for (int j = 0; j < rowBytes; j++) {
                out[o + j] = clip8(acc[j]);
            }
        }
        return out;
    }

    /** Drops the fraction bits and clamps to 0–255 (Pillow's {@code clip8}). */
    private static byte clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /**
     * For each output index of a window along one axis: the first source index read, how many are read, and their
     * fixed-point weights ({@code stride} slots per output index).
     */
    record Weights(int[] first, int[] count, int[] fixed, int stride) {
        int size() {
            return first.length;
        }

        /** Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}, for outputs {@code [from, from + n)}. */
        static Weights of(int inSize, int outSize, int from, int n) {
            // Pillow passes the source box as C floats: large sizes round to float32 first.
            double scale = (double) (float) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = 1.0 * filterScale; // the triangle filter's support is 1 at scale 1
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[n];
            int[] count = new int[n];
            int[] fixed = new int[n * stride];
            double[] w = new double[stride];
            double inverse = 1.0 / filterScale;
            for (int o = 0; o < n; o++) {
                double center = (o + from + 0.5) * scale;
                // (int) truncates toward zero, as C's cast does, before the clamp.
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double sum = 0.0;
                for (int i = 0; i < xmax; i++) {
                    w[i] = triangle((i + xmin - center + 0.5) * inverse);
                    sum += w[i];
                }
                for (int i = 0; i < xmax; i++) {
                    double normalised = sum != 0.0 ? w[i] / sum : w[i];
                    // Round half away from zero into fixed point; the triangle is never negative.
                    fixed[o * stride + i] = (int) (normalised < 0
                            ? -0.5 + normalised * (1 << PRECISION_BITS)
                            : 0.5 + normalised * (1 << PRECISION_BITS));
                }
                first[o] = xmin;
                count[o] = Math.max(xmax, 0);
            }
            return new Weights(first, count, fixed, stride);
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    }
}
