package io.resnet4j.backend.java;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API with the platform's preferred float species. Only {@link KernelSelection} loads this
 * class, reflectively, so a JVM without {@code jdk.incubator.vector} falls back to {@link ScalarKernels}.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Two vectors per strip. The main register block is 6 rows × 2 vectors: 12 accumulators, 2 strip vectors and one
     * broadcast fill 15 of AVX2's 16 registers, and each loaded strip vector feeds 6 FMAs.
     */
    private static final int STRIP_WIDTH = 2 * LANES;

    static int lanes() {
        return LANES;
    }

    @Override
    public String describe() {
        return "Vector API " + SPECIES.vectorBitSize() + "-bit, " + LANES + " floats per vector";
    }

    @Override
    public int stripWidth() {
        return STRIP_WIDTH;
    }

    @Override
    public void multiply(float[] a, int aOff, int lda, int rows, float[] b, int bOff, int stripStride, int strips,
            int kLen, float[] c, int ldc, boolean accumulate) {
        int r = 0;
        for (; r + 6 <= rows; r += 6) {
            for (int s = 0; s < strips; s++) {
                multiply6Rows(a, aOff + r * lda, lda, b, bOff + s * stripStride, kLen, c, r * ldc + s * STRIP_WIDTH,
                        ldc, accumulate);
            }
        }
        for (; r + 4 <= rows; r += 4) {
            for (int s = 0; s < strips; s++) {
                multiply4Rows(a, aOff + r * lda, lda, b, bOff + s * stripStride, kLen, c, r * ldc + s * STRIP_WIDTH,
                        ldc, accumulate);
            }
        }
        for (; r < rows; r++) {
            for (int s = 0; s < strips; s++) {
                multiply1Row(a, aOff + r * lda, b, bOff + s * stripStride, kLen, c, r * ldc + s * STRIP_WIDTH,
                        accumulate);
            }
        }
    }

    /** The hot loop: 6 rows of A times one strip of B, 12 accumulators kept in registers across k. */
    private static void multiply6Rows(float[] a, int a0, int lda, float[] b, int bk, int kLen, float[] c, int c0,
            int ldc, boolean accumulate) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        FloatVector acc00, acc01, acc10, acc11, acc20, acc21, acc30, acc31, acc40, acc41, acc50, acc51;
        if (accumulate) {
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c1);
            acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c2);
            acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c3);
            acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
            acc40 = FloatVector.fromArray(SPECIES, c, c4);
            acc41 = FloatVector.fromArray(SPECIES, c, c4 + LANES);
            acc50 = FloatVector.fromArray(SPECIES, c, c5);
            acc51 = FloatVector.fromArray(SPECIES, c, c5 + LANES);
        } else {
            acc00 = acc01 = acc10 = acc11 = acc20 = acc21 = acc30 = acc31 = acc40 = acc41 = acc50 = acc51 =
                    FloatVector.zero(SPECIES);
        }
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        for (int k = 0; k < kLen; k++, bk += STRIP_WIDTH) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + k]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            x = FloatVector.broadcast(SPECIES, a[a1 + k]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            x = FloatVector.broadcast(SPECIES, a[a2 + k]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            x = FloatVector.broadcast(SPECIES, a[a3 + k]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
            x = FloatVector.broadcast(SPECIES, a[a4 + k]);
            acc40 = b0.fma(x, acc40);
            acc41 = b1.fma(x, acc41);
            x = FloatVector.broadcast(SPECIES, a[a5 + k]);
            acc50 = b0.fma(x, acc50);
            acc51 = b1.fma(x, acc51);
        }
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + LANES);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + LANES);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + LANES);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + LANES);
        acc40.intoArray(c, c4);
        acc41.intoArray(c, c4 + LANES);
        acc50.intoArray(c, c5);
        acc51.intoArray(c, c5 + LANES);
    }

    /** 4 rows of A times one strip of B, for the rows left over by the 6-row block. */
    private static void multiply4Rows(float[] a, int a0, int lda, float[] b, int bk, int kLen, float[] c, int c0,
            int ldc, boolean accumulate) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector acc00, acc01, acc10, acc11, acc20, acc21, acc30, acc31;
        if (accumulate) {
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c1);
            acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c2);
            acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c3);
            acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
        } else {
            acc00 = acc01 = acc10 = acc11 = acc20 = acc21 = acc30 = acc31 = FloatVector.zero(SPECIES);
        }
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int k = 0; k < kLen; k++, bk += STRIP_WIDTH) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + k]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            x = FloatVector.broadcast(SPECIES, a[a1 + k]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            x = FloatVector.broadcast(SPECIES, a[a2 + k]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            x = FloatVector.broadcast(SPECIES, a[a3 + k]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
        }
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + LANES);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + LANES);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + LANES);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + LANES);
    }

    /** The remainder rows when a block's row count is not a multiple of 4. */
    private static void multiply1Row(float[] a, int a0, float[] b, int bk, int kLen, float[] c, int c0,
            boolean accumulate) {
        FloatVector acc0 = accumulate ? FloatVector.fromArray(SPECIES, c, c0) : FloatVector.zero(SPECIES);
        FloatVector acc1 = accumulate ? FloatVector.fromArray(SPECIES, c, c0 + LANES) : FloatVector.zero(SPECIES);
        for (int k = 0; k < kLen; k++, bk += STRIP_WIDTH) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + k]);
            acc0 = FloatVector.fromArray(SPECIES, b, bk).fma(x, acc0);
            acc1 = FloatVector.fromArray(SPECIES, b, bk + LANES).fma(x, acc1);
        }
        acc0.intoArray(c, c0);
        acc1.intoArray(c, c0 + LANES);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += LANES) {
            acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
        }
        // Not reduceLanes(ADD): its order is unspecified, and the interpreter's and C2's orders differ, so the
        // same input gave different bits before and after JIT compilation. Summing the lanes in index order doesn't.
        float[] lanes = new float[LANES];
        acc.intoArray(lanes, 0);
        float sum = 0f;
        for (float lane : lanes) {
            sum += lane;
        }
        for (; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public void affine(float[] src, int srcOff, float scale, float shift, float[] residual, int resOff, boolean relu,
            float[] dst, int dstOff, int len) {
        FloatVector vScale = FloatVector.broadcast(SPECIES, scale);
        FloatVector vShift = FloatVector.broadcast(SPECIES, shift);
        FloatVector zero = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, src, srcOff + i).fma(vScale, vShift);
            if (residual != null) {
                v = v.add(FloatVector.fromArray(SPECIES, residual, resOff + i));
            }
            if (relu) {
                v = v.max(zero);
            }
            v.intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            float v = Math.fma(src[srcOff + i], scale, shift);
            if (residual != null) {
                v += residual[resOff + i];
            }
            dst[dstOff + i] = relu ? Math.max(v, 0f) : v;
        }
    }
}
