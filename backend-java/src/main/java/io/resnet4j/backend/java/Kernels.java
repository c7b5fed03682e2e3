package io.resnet4j.backend.java;

/**
 * The inner loops every op is built from. Two implementations exist side by side: {@link VectorKernels}
 * (the Vector API) and {@link ScalarKernels} (plain Java, the reference and the fallback). Both sum each element
 * in ascending k with fused multiply-adds and apply the epilogue in the same order, so they agree bit for bit
 * and switching paths changes nothing but speed.
 */
interface Kernels {

    /** What this implementation is, for the backend's availability line. */
    String describe();

    /**
     * Columns per packed strip of the right-hand matrix of {@link #tile}. Packing and multiplying must agree on
     * it, so the packer asks the kernels.
     */
    int stripWidth();

    /**
     * The tallest panel {@link #tile} takes: 12 where the registers hold 12 × 2 accumulators (AVX-512's 32), else 6.
     * Taller panels load each strip vector once for more multiply-adds.
     */
    int tallestPanel();

    /**
     * One register tile of a convolution's matrix product: {@code h} output rows (channels) × {@code cols} ≤
     * {@link #stripWidth()} output columns (pixels).
     * <pre>
     * acc[r][j] = accumulate ? c[cOff + r·ldc + j] : 0                (the sum of the earlier K slices)
     * acc[r][j] = fma(a[aOff + k·h + r], b[bOff + k·ldb + j], acc[r][j])  for k = 0 … kLen−1, ascending
     * </pre>
     * so that every element is one ascending-k chain of fused multiply-adds however the callers slice K.
     * A is a k-major panel of the conv's folded weights ({@link WeightPanels}: the {@code h} rows' weights of one k
     * side by side), B one strip of a packed panel ({@link ColumnPacker}; {@code ldb} = the strip width, so the strip
     * is contiguous). With {@code finish} set (the last K slice) the epilogue runs on the registers before the store:
     * {@code c = relu?(c + bias[biasOff + r] + residual[cOff + resShift + r·ldc + j])}, residual optional (it has
     * the output's layout, {@code resShift} places it elsewhere in the same or another array).
     *
     * @param h the panel height: 12 (up to {@link #tallestPanel()}), 6, 4 or 1
     */
    void tile(int h, float[] a, int aOff, float[] b, int bOff, int ldb, int kLen, float[] c, int cOff, int ldc, int cols,
            boolean accumulate, boolean finish, float[] bias, int biasOff, float[] residual, int resShift, boolean relu);

    /**
     * Whether {@link #tilePair} pays for a K slice of {@code kLen}: up to 256 (both strips, 64 KiB, from L2 beside
     * a k-major weight panel streaming through L1). Measured on ResNet-50 against ONNX Runtime in one run: pairs
     * up to 256 gave batch 8 0.71–0.72× where pairs up to 128 gave 0.65–0.67× (batch 1 unchanged). Direct convs
     * slice K at 256; only Winograd's products on 512 and more channels (Wide ResNet) take one strip at a time.
     */
    static boolean pairsFit(int kLen) {
        return kLen <= 256;
    }

    /**
     * Two register tiles side by side: {@link #tile} on columns {@code [0, w)} from the strip at {@code bOff} and on
     * columns {@code [w, cols)} from the strip at {@code bOff2} ({@code w} = {@link #stripWidth()},
     * {@code w < cols ≤ 2w}), with the same sums, epilogue and bits. Where the registers allow, both strips share
     * each broadcast weight: twice as many multiply-adds per broadcast as {@link #tile}.
     */
    default void tilePair(int h, float[] a, int aOff, float[] b, int bOff, int bOff2, int ldb, int kLen, float[] c, int cOff,
            int ldc, int cols, boolean accumulate, boolean finish, float[] bias, int biasOff, float[] residual,
            int resShift, boolean relu) {
        int w = stripWidth();
        tile(h, a, aOff, b, bOff, ldb, kLen, c, cOff, ldc, w, accumulate, finish, bias, biasOff, residual, resShift,
                relu);
        tile(h, a, aOff, b, bOff2, ldb, kLen, c, cOff + w, ldc, cols - w, accumulate, finish, bias, biasOff, residual,
                resShift, relu);
    }

    /**
     * A full strip pair of a register tile whose A rows lie side by side {@code aStride} apart per k (not a packed
     * panel's h): {@code c[cOff + r·ldc + j] = (accumulate ? c : 0) + Σ_k a[aOff + k·aStride + r] · b[k·ldb + j]},
     * the first {@code w} columns from the strip at {@code bOff}, the next {@code w} from {@code bOff2}
     * ({@code w} = {@link #stripWidth()}), for {@code r < h}, h = 6, 4 or 1: {@link #tilePair}'s chains (fused
     * multiply-adds in ascending k, a product's factors swapped, which changes no bit), so the same bits. For the
     * small-plane Winograd products with tiles as rows and output channels as columns.
     */
    default void pairRows(int h, float[] a, int aOff, int aStride, float[] b, int bOff, int bOff2, int ldb, int kLen,
            float[] c, int cOff, int ldc, boolean accumulate) {
        int w = stripWidth();
        for (int r = 0; r < h; r++) {
            for (int j = 0; j < 2 * w; j++) {
                int bj = (j < w ? bOff : bOff2) + j % w;
                float acc = accumulate ? c[cOff + r * ldc + j] : 0f;
                for (int k = 0; k < kLen; k++) {
                    acc = Math.fma(a[aOff + k * aStride + r], b[bj + k * ldb], acc);
                }
                c[cOff + r * ldc + j] = acc;
            }
        }
    }

    /**
     * Winograd F(2×2, 3×3)'s input transform {@code Bᵀ d B} of {@code count} consecutive tiles of one tile row
     * (see {@link WinogradConvStep}). Patch row k of tile {@code tc + i} is
     * {@code (rows[e + i], rows[e + odd + i], rows[e + i + 1], rows[e + odd + i + 1])} with
     * {@code e = tc + (k & 1)·row1 + (k >> 1)·row2}: a row's even columns, its odd ones {@code odd} further, patch row 1
     * {@code row1} after row 0 and row 2 {@code row2} after it. Position ξ of the transform goes to
     * {@code v[ξ·ps + dst + i]}. Only adds and subtracts, in a fixed order, so both paths agree bit for bit.
     */
    void winogradInput(float[] rows, int odd, int row1, int row2, int tc, int count, float[] v, int ps, int dst);

    /**
     * Winograd F(2×2, 3×3)'s input transform {@code Bᵀ d B} of {@code count} tiles whose patches are gathered: value
     * (k, j) of tile i's 4×4 patch is {@code x[xOff + index[indexOff + (4k + j)·count + i]]}. Position ξ goes to
     * {@code v[ξ·ps + dst + i]}. The same adds and subtracts, in the same order, as {@link #winogradInput}, so both
     * give the same bits, and both paths agree bit for bit.
     */
    default void winogradInputGathered(float[] x, int xOff, int[] index, int indexOff, int count, float[] v, int ps,
            int dst) {
        ScalarKernels.winogradInputGatheredTiles(x, xOff, index, indexOff, count, v, ps, dst);
    }

    /**
     * Winograd F(2×2, 3×3)'s output transform {@code Aᵀ M A} of {@code count} tiles, position ξ of tile i read from
     * {@code m[ξ·ps + src + i]}; the tile's top-left, top-right, bottom-left and bottom-right outputs go to
     * {@code out[outOff + q·span + i]}, q = 0 … 3.
     */
    void winogradOutput(float[] m, int ps, int src, int count, float[] out, int outOff, int span);

    /**
     * Splits {@code 2n} values into even and odd positions: {@code even[evenOff + i] = x[xOff + 2i]},
     * {@code odd[oddOff + i] = x[xOff + 2i + 1]}, {@code i < n}. A copy, so both paths agree bit for bit.
     */
    void deinterleave(float[] x, int xOff, int n, float[] even, int evenOff, float[] odd, int oddOff);

    /**
     * The inverse of {@link #deinterleave} for {@code len} outputs, with {@link #affine}'s epilogue (scale 1) on the
     * way: {@code out[outOff + q] = act(v + shift + residual[resOff + q])}, v = {@code even[evenOff + q/2]} for even
     * q, {@code odd[oddOff + q/2]} for odd q, {@code q < len}; {@code residual} may be null. One pass where
     * Winograd's output rows would take two (interleave, then the epilogue in place).
     */
    void interleave(float[] even, int evenOff, float[] odd, int oddOff, int len, float shift, float[] residual,
            int resOff, boolean relu, float[] out, int outOff);

    /**
     * {@code out[outOff + i] = max(max(a[aOff + i], b[bOff + i]), c[cOff + i])} for {@code i < len}, with
     * {@link Math#max}'s NaN and signed-zero rules: max pooling's rows and windows.
     */
    void max3(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] out, int outOff, int len);

    /**
     * Pixels per call of {@link #conv3x3Block} for 8 or 4 output channels: 16 accumulators' worth where there are
     * vectors (8 channels × 2 vectors, 4 × 4), so 32 or 64 on AVX-512.
     */
    default int blockPixels(int channels) {
        return 256 / channels;
    }

    /**
     * A 3×3 convolution of one group's {@code cin} input channels into {@code channels} (8 or 4) output channels,
     * for n = {@link #blockPixels(int)} consecutive pixels of prepared input planes (see {@link GroupedConvStep}):
     * tap t = ky·3 + kx of channel ci for pixel j lies at {@code x[xOff + ci·planeStride + taps[t] + j]}, so
     * <pre>
     * out[outOff + c·n + j] = Σ w[wOff + (ci·9 + t)·channels + c] · x[xOff + ci·planeStride + taps[t] + j]
     * </pre>
     * for c &lt; channels, j &lt; n, summed from zero in ascending (ci, t) with fused multiply-adds: the order and
     * the products of {@link #tile} over the same taps, so the same bits.
     */
    void conv3x3Block(int channels, float[] x, int xOff, int planeStride, int[] taps, int cin, float[] w, int wOff,
            float[] out, int outOff);

    /**
     * {@code out[outOff + i] = x[xOff + index[indexOff + i]]} for {@code i < n}: the packer's im2col of small
     * planes, one tap of a strip's pixels per call. A copy, so both paths agree bit for bit.
     */
    default void gather(float[] x, int xOff, int[] index, int indexOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + index[indexOff + i]];
        }
    }

    /**
     * The pointwise packer's copy of whole strips: for each of {@code channels} rows of x ({@code plane} apart) and
     * each of {@code strips} strips, {@code strip} values from {@code x[xOff + ci·plane + s·strip]} to
     * {@code panel[panelOff + s·stripSize + ci·strip]}; {@code strip} is {@link #stripWidth}. A copy, so both
     * paths agree bit for bit.
     *
     * <p>Four channels at a time, strip by strip: four rows of x are read side by side, so four cache misses are in
     * flight where one channel's strips would miss one at a time (the rows are a plane apart, and a block's 1 KiB
     * run of one is too short for the prefetchers): 0.23–0.29 ns a value against 0.29–0.57 channel by channel (256
     * channels of 56×56, x in L3, one thread, Zen 4). Copies, not Vector API loads and stores (0.18–0.27 ns): in 1 of
     * about 5 runs of this module's tests a vector version stayed in C1 for the 20 s of the warm-forward test, and
     * C1's Vector API code allocates every vector, 80 KB a forward; arraycopy allocates nothing in any tier.
     */
    default void packStrips(float[] x, int xOff, int plane, int channels, int strips, int strip, float[] panel,
            int panelOff, int stripSize) {
        for (int c0 = 0; c0 < channels; c0 += 4) {
            int c1 = Math.min(channels, c0 + 4);
            for (int s = 0; s < strips; s++) {
                for (int ci = c0; ci < c1; ci++) {
                    System.arraycopy(x, xOff + ci * plane + s * strip, panel, panelOff + s * stripSize + ci * strip,
                            strip);
                }
            }
        }
    }

    /** Σ a[aOff + i]·b[bOff + i] for {@code i < len}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /**
     * A block of a classifier: {@code y[yOff + j·ldy + r] = dot(x, xOff + j·len, w, wOff + r·len, len) + bias[r]}
     * for inputs {@code j < inputs} and weight rows {@code r < rows}. Each sum is bit for bit {@link #dot}'s, so that
     * an image's logits never depend on the images beside it.
     */
    default void dotBlock(float[] x, int xOff, int inputs, float[] w, int wOff, int rows, int len, float[] bias,
            int biasOff, float[] y, int yOff, int ldy) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < inputs; j++) {
                y[yOff + j * ldy + r] = dot(x, xOff + j * len, w, wOff + r * len, len) + bias[biasOff + r];
            }
        }
    }

    /**
     * The element-wise epilogue of the ops that stand alone (batch norm, ReLU, add):
     * {@code dst[i] = act(src[i]·scale + shift + residual[resOff + i])}, where {@code residual} may be null and
     * {@code act} is ReLU or the identity. ReLU keeps NaN, as PyTorch does.
     */
    void affine(float[] src, int srcOff, float scale, float shift, float[] residual, int resOff, boolean relu,
            float[] dst, int dstOff, int len);

    /** One ReLU as both paths apply it: NaN stays NaN, −0 becomes +0. */
    static float relu(float v) {
        return Math.max(v, 0f);
    }
}
