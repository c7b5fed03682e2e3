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

    @Override
    public int stripWidth() {
        return STRIP_WIDTH;
    }

    @Override
    public void tile(int h, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, int kLen, float[] c, int cOff, int ldc,
            int cols, boolean accumulate, boolean finish, float[] bias, int biasOff, float[] residual, int resShift, boolean relu) {
        for (int r = 0; r < h; r++) {
            int row = cOff + r * ldc;
            for (int j = 0; j < cols; j++) {
                // Starting from the earlier K slices' sum makes each element one ascending-k chain.
                float acc = accumulate ? c[row + j] : 0f;
                for (int k = 0, ak = aOff + r * lda, bk = bOff + j; k < kLen; k++, ak++, bk += ldb) {
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
}
