package io.resnet4j.backend.java;

/** Plain-Java kernels: the path used when the Vector API is disabled or missing. */
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
    public void multiply(float[] a, int aOff, int lda, int rows, float[] b, int bOff, int stripStride, int strips,
            int kLen, float[] c, int ldc, boolean accumulate) {
        int w = STRIP_WIDTH;
        // A local accumulator cannot alias b, which lets the JIT keep it in registers and unroll the j loop.
        float[] acc = new float[STRIP_WIDTH];
        for (int r = 0; r < rows; r++) {
            int aRow = aOff + r * lda;
            for (int s = 0; s < strips; s++) {
                int cOff = r * ldc + s * w;
                if (accumulate) {
                    System.arraycopy(c, cOff, acc, 0, w);
                } else {
                    java.util.Arrays.fill(acc, 0f);
                }
                int bk = bOff + s * stripStride;
                for (int k = 0; k < kLen; k++, bk += w) {
                    float av = a[aRow + k];
                    for (int j = 0; j < STRIP_WIDTH; j++) {
                        acc[j] += av * b[bk + j];
                    }
                }
                System.arraycopy(acc, 0, c, cOff, w);
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
            float v = src[srcOff + i] * scale + shift;
            if (residual != null) {
                v += residual[resOff + i];
            }
            dst[dstOff + i] = relu ? Math.max(v, 0f) : v;
        }
    }
}
