package io.resnet4j.backend.java;

/**
 * The inner loops every op is built from. Two implementations exist side by side: {@link VectorKernels}
 * (the Vector API) and {@link ScalarKernels} (plain Java, the reference and the fallback). Ops never touch
 * SIMD code directly, so switching paths changes nothing but speed and last-bit rounding.
 */
interface Kernels {

    /** What this implementation is, for the backend's availability line. */
    String describe();

    /**
     * Columns per packed strip of the right-hand matrix of {@link #multiply}. Packing and multiplying must agree
     * on it, so the packer asks the kernels.
     */
    int stripWidth();

    /**
     * A block of a matrix product, C (+)= A·B, where B is packed in strips of {@link #stripWidth()} columns:
     * <pre>
     * c[r·ldc + s·w + j] (+)= Σ_{k &lt; kLen} a[aOff + r·lda + k] · b[bOff + s·stripStride + k·w + j]
     * </pre>
     * for {@code r < rows}, {@code s < strips}, {@code j < w}. With {@code accumulate} false C is overwritten.
     * Each element is summed in ascending k, so results do not depend on how callers split rows or columns.
     */
    void multiply(float[] a, int aOff, int lda, int rows, float[] b, int bOff, int stripStride, int strips,
            int kLen, float[] c, int ldc, boolean accumulate);

    /** Σ a[aOff + i]·b[bOff + i] for {@code i < len}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /**
     * The element-wise epilogue shared by conv, batch norm, ReLU and add:
     * {@code dst[i] = act(src[i]·scale + shift + residual[i])}, where {@code residual} may be null and
     * {@code act} is ReLU or the identity.
     */
    void affine(float[] src, int srcOff, float scale, float shift, float[] residual, int resOff, boolean relu,
            float[] dst, int dstOff, int len);
}
