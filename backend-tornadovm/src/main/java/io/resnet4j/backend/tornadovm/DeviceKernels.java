package io.resnet4j.backend.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The device kernels: one work-item per output element. Sizes come in an {@link IntArray} rather than as scalar
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
            CONV_RELU = 13, CONV_PARAMS = 14;

    /** Direct convolution with bias (BN folded in), then optional residual add and ReLU. */
    static void conv2d(KernelContext kc, FloatArray in, FloatArray weight, FloatArray bias, FloatArray residual,
            FloatArray out, IntArray p) {
        int i = kc.globalIdx;
        if (i < p.get(CONV_TOTAL)) {
            int cin = p.get(CONV_CIN);
            int h = p.get(CONV_H);
            int w = p.get(CONV_W);
            int cout = p.get(CONV_COUT);
            int oh = p.get(CONV_OH);
            int ow = p.get(CONV_OW);
            int k = p.get(CONV_K);
            int stride = p.get(CONV_STRIDE);
            int pad = p.get(CONV_PAD);
            int dil = p.get(CONV_DIL);
            int groups = p.get(CONV_GROUPS);
            int ox = i % ow;
            int rest = i / ow;
            int oy = rest % oh;
            rest = rest / oh;
            int oc = rest % cout;
            int n = rest / cout;
            int cinPerGroup = cin / groups;
            int firstIn = (oc / (cout / groups)) * cinPerGroup;
            int y0 = oy * stride - pad;
            int x0 = ox * stride - pad;
            float acc = bias.get(oc);
            for (int ic = 0; ic < cinPerGroup; ic++) {
                int plane = (n * cin + firstIn + ic) * h * w;
                int taps = (oc * cinPerGroup + ic) * k * k;
                for (int ky = 0; ky < k; ky++) {
                    int y = y0 + ky * dil;
                    if (y >= 0 && y < h) {
                        for (int kx = 0; kx < k; kx++) {
                            int x = x0 + kx * dil;
                            if (x >= 0 && x < w) {
                                acc += in.get(plane + y * w + x) * weight.get(taps + ky * k + kx);
                            }
                        }
                    }
                }
            }
            if (p.get(CONV_RESIDUAL) == 1) {
                acc += residual.get(i);
            }
            if (p.get(CONV_RELU) == 1 && acc < 0) {
                acc = 0;
            }
            out.set(i, acc);
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
