package io.resnet4j.backend.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Convolution for a CPU OpenCL device (PoCL): no local memory, no barrier, and each work-item a register block of
 * {@link #PIXELS} output pixels × {@link #BM} output channels, written so that the OpenCL compiler vectorizes inside
 * the work-item.
 *
 * <p>In each reduction step (input channel × kernel tap) a work-item loads its {@link #BM} weights (contiguous, packed
 * by {@link CpuWeights}) and its {@link #PIXELS} input values (gathered, zero where the tap falls in the padding),
 * then does {@code PIXELS × BM} multiply-adds into accumulators that never leave registers: PoCL's LLVM turns the
 * unrolled channel loop into AVX vector multiply-adds (8 lanes, 16 accumulator registers), each weight feeding
 * {@link #PIXELS} of them and each input value {@link #BM}.
 *
 * <p>Why it is written this way (ResNet-50 shapes alone in a harness, PoCL 3.1 on 2 busy cores, best of 20–30):
 * <ul>
 * <li>The kernel this one replaced made the work-items of a work-group PoCL's vector lanes (one pixel × 16 channels
 *     each, with a barrier so that PoCL vectorized its loop over work-items); PoCL then keeps every work-item's
 *     accumulators in memory between steps, and it ran 5–7 GFLOP/s. This one: 3×3 128→128 at 28×28 60–70
 *     GFLOP/s, other 3×3 37–50, 1×1 20–27, the 7×7 stem 31.
 * <li>Each pixel has its own named variables and accumulator array, written out {@link #PIXELS} times, rather than
 *     arrays indexed by a pixel loop: TornadoVM's compiler fully unrolls only the innermost constant loop (here the
 *     {@link #BM} channels), so a pixel loop stays a loop and its arrays stay in memory (5 GFLOP/s); fully unrolled
 *     by hand but still held in arrays indexed by pixel, 31–37 GFLOP/s against 66–70 for this layout.
 * <li>A conv without padding reads its inputs with no test: 1×1 convs at 14×14 and 56×56, 32–39 GFLOP/s against
 *     16–32 with the padding test.
 * <li>8 pixels × 16 channels is the largest block TornadoVM unrolls: 8 × 32 or 16 × 16 in one loop stays a loop
 *     (10–15 GFLOP/s); split into 16-channel loops they ran 30–55, no better than this, and noisier.
 * </ul>
 * Tried and dropped: TornadoVM's {@code Float16} vectors as accumulators, for 512-bit registers (PoCL keeps
 * scalar code to 256 bits on this device, and rejects {@code -mprefer-vector-width=512} as a build option):
 * {@code new Float16()} does not compile in TornadoVM 5.2, and started from memory instead, {@code mult} by a
 * scalar is emitted lane by lane and ends as separate 512-bit multiplies and adds, 28 GFLOP/s against 38 for this
 * kernel in the same run. A second copy of the reduction loop, without the padding test, for taps where all 8
 * pixels are inside: 29–34 GFLOP/s against 37–40 (3×3 256→256 at 14×14). Work-groups of 4 work-items instead of
 * 16: 26–31 against 39–47.
 * Bias (BN folded in), residual add and ReLU follow in the epilogue.
 */
final class CpuConvKernel {
    private CpuConvKernel() {}

    /** Output channels per work-item: the weights of one reduction step, one contiguous run in {@link CpuWeights}. */
    static final int BM = 16;
    /** Output pixels per work-item (consecutive in the image's row-major order; the last block of an image clamps). */
    static final int PIXELS = 8;

    /**
     * Launch: one work-item per (image, group, channel block, pixel block), the pixel block fastest, so the
     * work-items of a work-group share their weights. The launch is rounded up to whole work-groups; work-items past
     * {@code CONV_TOTAL} do nothing.
     *
     * <p>The sizes that shape the loops and addresses come as scalar arguments: TornadoVM compiles them in as
     * constants, one kernel per convolution shape, so the OpenCL compiler sees fixed trip counts and strides.
     * {@code packed} holds the weights ({@link CpuWeights}) followed by the bias; the rest of the sizes and the
     * epilogue flags come in {@code p} as for {@link DeviceKernels#conv2dTiled}.
     */
    static void conv2d(KernelContext kc, FloatArray in, FloatArray packed, FloatArray residual, FloatArray out,
            IntArray p, int cinG, int k, int h, int w, int ow, int pixels, int stride, int pad, int dil) {
        int gid = kc.globalIdx;
        if (gid < p.get(DeviceKernels.CONV_TOTAL)) {
            int cin = p.get(DeviceKernels.CONV_CIN);
            int cout = p.get(DeviceKernels.CONV_COUT);
            int groups = p.get(DeviceKernels.CONV_GROUPS);
            int tilesM = p.get(DeviceKernels.CONV_TILES_M);
            // Read at run time, not compiled in: with one block per image, a constant here makes the block's first
            // pixel a constant 0, and TornadoVM 5.2 then fails to compile the tests it folds ("logic node
            // LogicConstantNode"), as a 34x11 input to a small ResNet showed.
            int pixelBlocks = p.get(DeviceKernels.CONV_TILES_N);
            int coutG = cout / groups;
            int taps = k * k;
            int depth = cinG * taps;
            int first = (gid % pixelBlocks) * PIXELS;
            int rest = gid / pixelBlocks;
            int mb = rest % tilesM;
            rest = rest / tilesM;
            int g = rest % groups;
            int n = rest / groups;
            int plane = h * w;
            // Without padding every tap of a stored pixel is inside the image: no test, no select. A compile-time
            // constant, so the OpenCL compiler drops the other branch.
            boolean unpadded = pad == 0;
            int inBase = (n * cin + g * cinG) * plane;
            int wBase = (g * tilesM + mb) * depth * BM;

            // Where each pixel's window starts; the last block of an image repeats its last pixel (never stored).
            int y0 = windowRow(first, pixels, ow, stride, pad);
            int x0 = windowColumn(first, pixels, ow, stride, pad);
            int y1 = windowRow(first + 1, pixels, ow, stride, pad);
            int x1 = windowColumn(first + 1, pixels, ow, stride, pad);
            int y2 = windowRow(first + 2, pixels, ow, stride, pad);
            int x2 = windowColumn(first + 2, pixels, ow, stride, pad);
            int y3 = windowRow(first + 3, pixels, ow, stride, pad);
            int x3 = windowColumn(first + 3, pixels, ow, stride, pad);
            int y4 = windowRow(first + 4, pixels, ow, stride, pad);
            int x4 = windowColumn(first + 4, pixels, ow, stride, pad);
            int y5 = windowRow(first + 5, pixels, ow, stride, pad);
            int x5 = windowColumn(first + 5, pixels, ow, stride, pad);
            int y6 = windowRow(first + 6, pixels, ow, stride, pad);
            int x6 = windowColumn(first + 6, pixels, ow, stride, pad);
            int y7 = windowRow(first + 7, pixels, ow, stride, pad);
            int x7 = windowColumn(first + 7, pixels, ow, stride, pad);

            float[] acc0 = new float[BM];
            float[] acc1 = new float[BM];
            float[] acc2 = new float[BM];
            float[] acc3 = new float[BM];
            float[] acc4 = new float[BM];
            float[] acc5 = new float[BM];
            float[] acc6 = new float[BM];
            float[] acc7 = new float[BM];
            for (int i = 0; i < BM; i++) {
                acc0[i] = 0.0f;
                acc1[i] = 0.0f;
                acc2[i] = 0.0f;
                acc3[i] = 0.0f;
                acc4[i] = 0.0f;
                acc5[i] = 0.0f;
                acc6[i] = 0.0f;
                acc7[i] = 0.0f;
            }
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int dy = ky * dil;
                    int dx = kx * dil;
                    // Offset of each pixel's input value in its channel plane, −1 in the padding.
                    int t0 = tapOffset(y0 + dy, x0 + dx, h, w);
                    int t1 = tapOffset(y1 + dy, x1 + dx, h, w);
                    int t2 = tapOffset(y2 + dy, x2 + dx, h, w);
                    int t3 = tapOffset(y3 + dy, x3 + dx, h, w);
                    int t4 = tapOffset(y4 + dy, x4 + dx, h, w);
                    int t5 = tapOffset(y5 + dy, x5 + dx, h, w);
                    int t6 = tapOffset(y6 + dy, x6 + dx, h, w);
                    int t7 = tapOffset(y7 + dy, x7 + dx, h, w);
                    int tap = ky * k + kx;
                    for (int ic = 0; ic < cinG; ic++) {
                        int channel = inBase + ic * plane;
                        float v0 = input(in, channel, t0, unpadded);
                        float v1 = input(in, channel, t1, unpadded);
                        float v2 = input(in, channel, t2, unpadded);
                        float v3 = input(in, channel, t3, unpadded);
                        float v4 = input(in, channel, t4, unpadded);
                        float v5 = input(in, channel, t5, unpadded);
                        float v6 = input(in, channel, t6, unpadded);
                        float v7 = input(in, channel, t7, unpadded);
                        int wb = wBase + (ic * taps + tap) * BM;
                        for (int i = 0; i < BM; i++) {
                            float wv = packed.get(wb + i);
                            acc0[i] += wv * v0;
                            acc1[i] += wv * v1;
                            acc2[i] += wv * v2;
                            acc3[i] += wv * v3;
                            acc4[i] += wv * v4;
                            acc5[i] += wv * v5;
                            acc6[i] += wv * v6;
                            acc7[i] += wv * v7;
                        }
                    }
                }
            }

            boolean addResidual = p.get(DeviceKernels.CONV_RESIDUAL) == 1;
            boolean relu = p.get(DeviceKernels.CONV_RELU) == 1;
            int biasAt = groups * tilesM * depth * BM;
            int stored = pixels - first; // of PIXELS; store() skips the rest
            for (int i = 0; i < BM; i++) {
                int oc = mb * BM + i;
                if (oc < coutG) {
                    float bias = packed.get(biasAt + g * coutG + oc);
                    int row = (n * cout + g * coutG + oc) * pixels + first;
                    store(out, residual, row, 0, stored, acc0[i] + bias, addResidual, relu);
                    store(out, residual, row, 1, stored, acc1[i] + bias, addResidual, relu);
                    store(out, residual, row, 2, stored, acc2[i] + bias, addResidual, relu);
                    store(out, residual, row, 3, stored, acc3[i] + bias, addResidual, relu);
                    store(out, residual, row, 4, stored, acc4[i] + bias, addResidual, relu);
                    store(out, residual, row, 5, stored, acc5[i] + bias, addResidual, relu);
                    store(out, residual, row, 6, stored, acc6[i] + bias, addResidual, relu);
                    store(out, residual, row, 7, stored, acc7[i] + bias, addResidual, relu);
                }
            }
        }
    }

    /** Input row of the window's top-left tap for pixel {@code pixel}, clamped to the image's last pixel. */
    private static int windowRow(int pixel, int pixels, int ow, int stride, int pad) {
        int at = pixel < pixels ? pixel : pixels - 1;
        return (at / ow) * stride - pad;
    }

    /** Input column of the window's top-left tap for pixel {@code pixel}, clamped to the image's last pixel. */
    private static int windowColumn(int pixel, int pixels, int ow, int stride, int pad) {
        int at = pixel < pixels ? pixel : pixels - 1;
        return (at % ow) * stride - pad;
    }

    /** {@code y * w + x}, or −1 where (y, x) lies in the padding. */
    private static int tapOffset(int y, int x, int h, int w) {
        return y >= 0 && y < h && x >= 0 && x < w ? y * w + x : -1;
    }

    /**
     * The input value at {@code offset} of a channel plane, 0 in the padding. The load is unconditional (at the
     * plane's start in the padding) and the choice a select, so it vectorizes; a NaN or ∞ in the input never leaks
     * into a padding tap. {@code unpadded}: the conv has no padding, so the offset is never −1.
     */
    private static float input(FloatArray in, int channel, int offset, boolean unpadded) {
        if (unpadded) {
            return in.get(channel + offset);
        }
        float v = in.get(channel + (offset < 0 ? 0 : offset));
        return offset < 0 ? 0.0f : v;
    }

    /** Bias already added: residual, ReLU (NaN kept), then the store, for the first {@code stored} pixels only. */
    private static void store(FloatArray out, FloatArray residual, int row, int pixel, int stored, float value,
            boolean addResidual, boolean relu) {
        if (pixel < stored) {
            float v = value;
            if (addResidual) {
                v += residual.get(row + pixel);
            }
            if (relu && v < 0) {
                v = 0;
            }
            out.set(row + pixel, v);
        }
    }
}
