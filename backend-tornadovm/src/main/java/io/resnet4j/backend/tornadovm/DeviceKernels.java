package io.resnet4j.backend.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The device kernels: convolution as a tiled implicit GEMM ({@link #conv2dTiled}), the rest one work-item per
 * output element. Sizes come in an {@link IntArray} rather than as scalar
 * arguments so that every task of a kind compiles to the same OpenCL source (one driver compile, then cached), and
 * every kernel guards {@code i < total} because the launch grid is rounded up to whole work-groups.
 *
 * <p>ReLU is written {@code x < 0 ? 0 : x} so that NaN passes through, as in the Java backend and PyTorch.
 */
final class DeviceKernels {
    private DeviceKernels() {}

    // Layout of the conv parameter array.
    static final int CONV_TOTAL = 0, CONV_CIN = 1, CONV_H = 2, CONV_W = 3, CONV_COUT = 4, CONV_OH = 5, CONV_OW = 6,
            CONV_K = 7, CONV_STRIDE = 8, CONV_PAD = 9, CONV_DIL = 10, CONV_GROUPS = 11, CONV_RESIDUAL = 12,
            CONV_RELU = 13, CONV_TILES_M = 14, CONV_TILES_N = 15, CONV_PARAMS = 16;

    /**
     * The tiled convolution's blocking: a work-group of {@link #CONV_GROUP} = 8×8 work-items computes a tile of
     * {@link #TILE_M} output channels × {@link #TILE_N} output pixels, each work-item a 4×4 block of it in registers,
     * stepping along the reduction (input channels × kernel taps) {@link #TILE_K} at a time through local memory.
     */
    static final int TILE_M = 32, TILE_N = 32, TILE_K = 16, CONV_GROUP = 64;

    /**
     * Convolution as an implicit GEMM: C[oc][pixel] = Σ_k W[oc][k] · X[k][pixel], k running over the input channels of
     * the group and the kernel taps, X gathered from the input on the fly (no im2col buffer). Each work-group loads a
     * 32×16 tile of W and a 16×32 tile of X into local memory, then every work-item accumulates its 4×4 outputs from
     * there: each value loaded from global memory serves 32 multiply-adds. Neighbouring work-items take neighbouring
     * pixels, so the loads of X and the stores are contiguous. Bias (BN folded in), residual add and ReLU follow.
     * Launch: one work-group of {@link #CONV_GROUP} per (image, group, channel tile, pixel tile), in that order from
     * the slowest.
     */
    static void conv2dTiled(KernelContext kc, FloatArray in, FloatArray weight, FloatArray bias,
            FloatArray residual, FloatArray out, IntArray p) {
        float[] wTile = kc.allocateFloatLocalArray(TILE_M * TILE_K);
        float[] xTile = kc.allocateFloatLocalArray(TILE_K * TILE_N);
        float[] acc = new float[16];
        int lid = kc.localIdx;
        int tx = lid % 8;
        int ty = lid / 8;
        int cin = p.get(CONV_CIN);
        int h = p.get(CONV_H);
        int w = p.get(CONV_W);
        int cout = p.get(CONV_COUT);
        int ow = p.get(CONV_OW);
        int pixels = p.get(CONV_OH) * ow;
        int k = p.get(CONV_K);
        int stride = p.get(CONV_STRIDE);
        int pad = p.get(CONV_PAD);
        int dil = p.get(CONV_DIL);
        int groups = p.get(CONV_GROUPS);
        int tilesM = p.get(CONV_TILES_M);
        int tilesN = p.get(CONV_TILES_N);
        int taps = k * k;
        int cinG = cin / groups;
        int coutG = cout / groups;
        int depth = cinG * taps;
        int tile = kc.groupIdx;
        int pixelBase = (tile % tilesN) * TILE_N;
        int rest = tile / tilesN;
        int ocBase = (rest % tilesM) * TILE_M;
        rest = rest / tilesM;
        int g = rest % groups;
        int n = rest / groups;
        int firstOc = g * coutG;
        int inBase = (n * cin + g * cinG) * h * w;
        for (int i = 0; i < 16; i++) {
            acc[i] = 0.0f;
        }
        for (int k0 = 0; k0 < depth; k0 += TILE_K) {
            for (int r = 0; r < 8; r++) {
                int e = lid + r * CONV_GROUP;
                int m = e / TILE_K;
                int kk = k0 + e % TILE_K;
                float v = 0.0f;
                if (ocBase + m < coutG && kk < depth) {
                    v = weight.get((firstOc + ocBase + m) * depth + kk);
                }
                wTile[e] = v;
            }
            for (int r = 0; r < 8; r++) {
                int e = lid + r * CONV_GROUP;
                int kk = k0 + e / TILE_N;
                int pixel = pixelBase + e % TILE_N;
                float v = 0.0f;
                if (kk < depth && pixel < pixels) {
                    int ic = kk / taps;
                    int tap = kk - ic * taps;
                    int ky = tap / k;
                    int kx = tap - ky * k;
                    int oy = pixel / ow;
                    int ox = pixel - oy * ow;
                    int y = oy * stride - pad + ky * dil;
                    int x = ox * stride - pad + kx * dil;
                    if (y >= 0 && y < h && x >= 0 && x < w) {
                        v = in.get(inBase + (ic * h + y) * w + x);
                    }
                }
                xTile[e] = v;
            }
            kc.localBarrier();
            for (int kk = 0; kk < TILE_K; kk++) {
                for (int i = 0; i < 4; i++) {
                    float a = wTile[(ty + 8 * i) * TILE_K + kk];
                    for (int j = 0; j < 4; j++) {
                        acc[i * 4 + j] += a * xTile[kk * TILE_N + tx + 8 * j];
                    }
                }
            }
            kc.localBarrier();
        }
        boolean addResidual = p.get(CONV_RESIDUAL) == 1;
        boolean relu = p.get(CONV_RELU) == 1;
        for (int i = 0; i < 4; i++) {
            int oc = ocBase + ty + 8 * i;
            for (int j = 0; j < 4; j++) {
                int pixel = pixelBase + tx + 8 * j;
                if (oc < coutG && pixel < pixels) {
                    int at = (n * cout + firstOc + oc) * pixels + pixel;
                    float v = acc[i * 4 + j] + bias.get(firstOc + oc);
                    if (addResidual) {
                        v += residual.get(at);
                    }
                    if (relu && v < 0) {
                        v = 0;
                    }
                    out.set(at, v);
                }
            }
        }
    }

    static final int PW_TOTAL = 0, PW_CHANNELS = 1, PW_PLANE = 2, PW_RELU = 3, PW_PARAMS = 4;

    /** y = x·scale[c] + shift[c], then optional ReLU: a batch norm that had no conv to fold into, or a plain ReLU. */
    static void scaleShift(KernelContext kc, FloatArray in, FloatArray scale, FloatArray shift, FloatArray out,
            IntArray p) {
        int i = kc.globalIdx;
        if (i < p.get(PW_TOTAL)) {
            int c = (i / p.get(PW_PLANE)) % p.get(PW_CHANNELS);
            float v = in.get(i) * scale.get(c) + shift.get(c);
            if (p.get(PW_RELU) == 1 && v < 0) {
                v = 0;
            }
            out.set(i, v);
        }
    }

    /** y = max(x, 0), NaN kept. */
    static void relu(KernelContext kc, FloatArray in, FloatArray out, IntArray p) {
        int i = kc.globalIdx;
        if (i < p.get(PW_TOTAL)) {
            float v = in.get(i);
            out.set(i, v < 0 ? 0 : v);
        }
    }

    /** y = a + b, then optional ReLU. */
    static void add(KernelContext kc, FloatArray a, FloatArray b, FloatArray out, IntArray p) {
        int i = kc.globalIdx;
        if (i < p.get(PW_TOTAL)) {
            float v = a.get(i) + b.get(i);
            if (p.get(PW_RELU) == 1 && v < 0) {
                v = 0;
            }
            out.set(i, v);
        }
    }

    static final int POOL_TOTAL = 0, POOL_H = 1, POOL_W = 2, POOL_OH = 3, POOL_OW = 4, POOL_K = 5, POOL_STRIDE = 6,
            POOL_PAD = 7, POOL_PARAMS = 8;

    /** Max over the window's in-bounds elements (padding is −∞, so it never wins; every window has one in bounds). */
    static void maxPool(KernelContext kc, FloatArray in, FloatArray out, IntArray p) {
        int i = kc.globalIdx;
        if (i < p.get(POOL_TOTAL)) {
            int h = p.get(POOL_H);
            int w = p.get(POOL_W);
            int oh = p.get(POOL_OH);
            int ow = p.get(POOL_OW);
            int k = p.get(POOL_K);
            int ox = i % ow;
            int oy = (i / ow) % oh;
            int plane = (i / (ow * oh)) * h * w;
            int y0 = oy * p.get(POOL_STRIDE) - p.get(POOL_PAD);
            int x0 = ox * p.get(POOL_STRIDE) - p.get(POOL_PAD);
            // No NaN or infinity literals: TornadoVM's OpenCL code generator cannot spell them. The first in-bounds
            // value starts the maximum instead, and a NaN, once seen, is kept (as PyTorch's max pool does).
            float best = 0;
            boolean found = false;
            boolean nan = false;
            for (int ky = 0; ky < k; ky++) {
                int y = y0 + ky;
                if (y >= 0 && y < h) {
                    for (int kx = 0; kx < k; kx++) {
                        int x = x0 + kx;
                        if (x >= 0 && x < w && !nan) {
                            float v = in.get(plane + y * w + x);
                            if (v != v) {
                                nan = true;
                                best = v;
                            } else if (!found || v > best) {
                                best = v;
                                found = true;
                            }
                        }
                    }
                }
            }
            out.set(i, best);
        }
    }

    static final int AVG_TOTAL = 0, AVG_PLANE = 1, AVG_PARAMS = 2;

    /** Mean of each N×C plane. */
    static void globalAvgPool(KernelContext kc, FloatArray in, FloatArray out, IntArray p) {
        int i = kc.globalIdx;
        if (i < p.get(AVG_TOTAL)) {
            int plane = p.get(AVG_PLANE);
            int base = i * plane;
            float sum = 0;
            for (int j = 0; j < plane; j++) {
                sum += in.get(base + j);
            }
            out.set(i, sum / plane);
        }
    }

    static final int LIN_TOTAL = 0, LIN_IN = 1, LIN_OUT = 2, LIN_PARAMS = 3;

    /** y[n, o] = b[o] + Σ x[n, j]·W[o, j]. */
    static void linear(KernelContext kc, FloatArray in, FloatArray weight, FloatArray bias, FloatArray out,
            IntArray p) {
        int i = kc.globalIdx;
        if (i < p.get(LIN_TOTAL)) {
            int features = p.get(LIN_IN);
            int o = i % p.get(LIN_OUT);
            int x = (i / p.get(LIN_OUT)) * features;
            int row = o * features;
            float acc = bias.get(o);
            for (int j = 0; j < features; j++) {
                acc += in.get(x + j) * weight.get(row + j);
            }
            out.set(i, acc);
        }
    }
}
