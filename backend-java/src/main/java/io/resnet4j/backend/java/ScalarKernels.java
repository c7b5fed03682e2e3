package io.resnet4j.backend.java;

/**
 * Plain-Java kernels: the path used when the Vector API is disabled or missing, and the readable statement of
 * what {@link VectorKernels} computes. Uses {@link Math#fma} like the vector lanes do, so both agree bit for bit.
 */
final class ScalarKernels implements Kernels {
    /** Any width works here; 16 keeps the packed layout as wide as the vector path's on AVX2. */
    private static final int STRIP_WIDTH = 16;

    private final String description;

    ScalarKernels(String description) {
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Any height works here; 6 panels the weights as the vector path does on AVX2. */
    @Override
    public int tallestPanel() {
        return 6;
    }

    @Override
    public int stripWidth() {
        return STRIP_WIDTH;
    }

    @Override
    public void tile(int h, float[] a, int aOff, float[] b, int bOff, int ldb, int kLen, float[] c, int cOff, int ldc,
            int cols, boolean accumulate, boolean finish, float[] bias, int biasOff, float[] residual, int resShift, boolean relu) {
        for (int r = 0; r < h; r++) {
            int row = cOff + r * ldc;
            for (int j = 0; j < cols; j++) {
                // Starting from the earlier K slices' sum makes each element one ascending-k chain.
                float acc = accumulate ? c[row + j] : 0f;
                for (int k = 0, ak = aOff + r, bk = bOff + j; k < kLen; k++, ak += h, bk += ldb) {
                    acc = Math.fma(a[ak], b[bk], acc);
                }
                if (finish) {
                    acc += bias[biasOff + r];
                    if (residual != null) {
                        acc += residual[row + resShift + j];
                    }
                    if (relu) {
                        acc = Kernels.relu(acc);
                    }
                }
                c[row + j] = acc;
            }
        }
    }

    @Override
    public void conv3x3Block(int channels, float[] x, int xOff, int planeStride, int[] taps, int cin, float[] w,
            int wOff, float[] out, int outOff) {
        int n = blockPixels(channels);
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int ci = 0, wk = wOff + c; ci < cin; ci++) {
                    for (int t = 0; t < 9; t++, wk += channels) {
                        acc = Math.fma(w[wk], x[xOff + ci * planeStride + taps[t] + j], acc);
                    }
                }
                out[outOff + c * n + j] = acc;
            }
        }
    }

    @Override
    public void max3(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.max(Math.max(a[aOff + i], b[bOff + i]), c[cOff + i]);
        }
    }

    @Override
    public void deinterleave(float[] x, int xOff, int n, float[] even, int evenOff, float[] odd, int oddOff) {
        for (int i = 0; i < n; i++) {
            even[evenOff + i] = x[xOff + 2 * i];
            odd[oddOff + i] = x[xOff + 2 * i + 1];
        }
    }

    @Override
    public void interleave(float[] even, int evenOff, float[] odd, int oddOff, int len, float shift, float[] residual,
            int resOff, boolean relu, float[] out, int outOff) {
        for (int q = 0; q < len; q++) {
            float v = ((q & 1) == 0 ? even[evenOff + (q >> 1)] : odd[oddOff + (q >> 1)]) + shift;
            if (residual != null) {
                v += residual[resOff + q];
            }
            out[outOff + q] = relu ? Kernels.relu(v) : v;
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public void affine(float[] src, int srcOff, float scale, float shift, float[] residual, int resOff, boolean relu,
            float[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = Math.fma(src[srcOff + i], scale, shift);
            if (residual != null) {
                v += residual[resOff + i];
            }
            dst[dstOff + i] = relu ? Kernels.relu(v) : v;
        }
    }

    /** {@link Kernels#winogradInput}, as plain loops. */
    static void winogradInputTiles(float[] rows, int odd, int row1, int row2, int tc, int count, float[] v, int ps,
            int dst) {
        int e0 = tc, o0 = e0 + odd, e1 = tc + row1, o1 = e1 + odd;
        int e2 = tc + row2, o2 = e2 + odd, e3 = tc + row1 + row2, o3 = e3 + odd;
        for (int i = 0; i < count; i++) {
            // Each patch row times B: (d0 − d2, d1 + d2, d2 − d1, d1 − d3), with d = (even, odd, next even, next odd).
            float r00 = rows[e0 + i] - rows[e0 + i + 1], r01 = rows[o0 + i] + rows[e0 + i + 1];
            float r02 = rows[e0 + i + 1] - rows[o0 + i], r03 = rows[o0 + i] - rows[o0 + i + 1];
            float r10 = rows[e1 + i] - rows[e1 + i + 1], r11 = rows[o1 + i] + rows[e1 + i + 1];
            float r12 = rows[e1 + i + 1] - rows[o1 + i], r13 = rows[o1 + i] - rows[o1 + i + 1];
            float r20 = rows[e2 + i] - rows[e2 + i + 1], r21 = rows[o2 + i] + rows[e2 + i + 1];
            float r22 = rows[e2 + i + 1] - rows[o2 + i], r23 = rows[o2 + i] - rows[o2 + i + 1];
            float r30 = rows[e3 + i] - rows[e3 + i + 1], r31 = rows[o3 + i] + rows[e3 + i + 1];
            float r32 = rows[e3 + i + 1] - rows[o3 + i], r33 = rows[o3 + i] - rows[o3 + i + 1];
            columnTransform(r00, r01, r02, r03, r10, r11, r12, r13, r20, r21, r22, r23, r30, r31, r32, r33, v, ps,
                    dst + i);
        }
    }

    /**
     * {@link Kernels#winogradInputGathered}, as plain loops: patch value (k, j) of tile i is
     * {@code x[xOff + index[indexOff + (4k + j)·count + i]]}, then the same operations as
     * {@link #winogradInputTiles}.
     */
    static void winogradInputGatheredTiles(float[] x, int xOff, int[] index, int indexOff, int count, float[] v,
            int ps, int dst) {
        for (int i = 0; i < count; i++) {
            int p = indexOff + i;
            float d00 = x[xOff + index[p]], d01 = x[xOff + index[p + count]];
            float d02 = x[xOff + index[p + 2 * count]], d03 = x[xOff + index[p + 3 * count]];
            float d10 = x[xOff + index[p + 4 * count]], d11 = x[xOff + index[p + 5 * count]];
            float d12 = x[xOff + index[p + 6 * count]], d13 = x[xOff + index[p + 7 * count]];
            float d20 = x[xOff + index[p + 8 * count]], d21 = x[xOff + index[p + 9 * count]];
            float d22 = x[xOff + index[p + 10 * count]], d23 = x[xOff + index[p + 11 * count]];
            float d30 = x[xOff + index[p + 12 * count]], d31 = x[xOff + index[p + 13 * count]];
            float d32 = x[xOff + index[p + 14 * count]], d33 = x[xOff + index[p + 15 * count]];
            // Each patch row times B: (d0 − d2, d1 + d2, d2 − d1, d1 − d3).
            columnTransform(d00 - d02, d01 + d02, d02 - d01, d01 - d03, d10 - d12, d11 + d12, d12 - d11, d11 - d13,
                    d20 - d22, d21 + d22, d22 - d21, d21 - d23, d30 - d32, d31 + d32, d32 - d31, d31 - d33, v, ps,
                    dst + i);
        }
    }

    /** Bᵀ times the four patch rows already multiplied by B (row k's r_k0 … r_k3): position ξ to {@code v[ξ·ps + at]}. */
    private static void columnTransform(float r00, float r01, float r02, float r03, float r10, float r11, float r12,
            float r13, float r20, float r21, float r22, float r23, float r30, float r31, float r32, float r33,
            float[] v, int ps, int at) {
        v[at] = r00 - r20;
        v[ps + at] = r01 - r21;
        v[2 * ps + at] = r02 - r22;
        v[3 * ps + at] = r03 - r23;
        v[4 * ps + at] = r10 + r20;
        v[5 * ps + at] = r11 + r21;
        v[6 * ps + at] = r12 + r22;
        v[7 * ps + at] = r13 + r23;
        v[8 * ps + at] = r20 - r10;
        v[9 * ps + at] = r21 - r11;
        v[10 * ps + at] = r22 - r12;
        v[11 * ps + at] = r23 - r13;
        v[12 * ps + at] = r10 - r30;
        v[13 * ps + at] = r11 - r31;
        v[14 * ps + at] = r12 - r32;
        v[15 * ps + at] = r13 - r33;
    }

    /** {@link Kernels#winogradOutput}, as plain loops. */
    static void winogradOutputTiles(float[] m, int ps, int src, int count, float[] out, int outOff, int span) {
        for (int i = 0; i < count; i++) {
            int at = src + i;
            // Aᵀ M: the top and bottom output rows' sums per column of M, then · A along them.
            float s0 = m[at] + m[4 * ps + at] + m[8 * ps + at];
            float s1 = m[ps + at] + m[5 * ps + at] + m[9 * ps + at];
            float s2 = m[2 * ps + at] + m[6 * ps + at] + m[10 * ps + at];
            float s3 = m[3 * ps + at] + m[7 * ps + at] + m[11 * ps + at];
            float d0 = m[4 * ps + at] - m[8 * ps + at] - m[12 * ps + at];
            float d1 = m[5 * ps + at] - m[9 * ps + at] - m[13 * ps + at];
            float d2 = m[6 * ps + at] - m[10 * ps + at] - m[14 * ps + at];
            float d3 = m[7 * ps + at] - m[11 * ps + at] - m[15 * ps + at];
            out[outOff + i] = s0 + s1 + s2;
            out[outOff + span + i] = s1 - s2 - s3;
            out[outOff + 2 * span + i] = d0 + d1 + d2;
            out[outOff + 3 * span + i] = d1 - d2 - d3;
        }
    }

    @Override
    public void winogradInput(float[] rows, int odd, int row1, int row2, int tc, int count, float[] v, int ps,
            int dst) {
        winogradInputTiles(rows, odd, row1, row2, tc, count, v, ps, dst);
    }

    @Override
    public void winogradOutput(float[] m, int ps, int src, int count, float[] out, int outOff, int span) {
        winogradOutputTiles(m, ps, src, count, out, outOff, span);
    }

}
