package io.resnet4j.backend.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Convolution for a CPU OpenCL device (PoCL): no local memory, one output pixel and {@link #BM} output channels per
 * work-item.
 *
 * <p>PoCL runs a work-group as a loop over its work-items and gets its speed from vectorizing that loop, the
 * work-items becoming vector lanes. So neighbouring work-items take neighbouring pixels of the same channel block:
 * in each reduction step (input channel × kernel tap) they load neighbouring input values (contiguous for a 1×1
 * stride-1 conv, gathered with zero padding otherwise) and all read the same {@link #BM} weights, packed contiguous
 * by {@link CpuWeights}. PoCL's {@code POCL_VECTORIZER_REMARKS} showed it vectorizing these loops only once the
 * kernel had a barrier, with no bound check around the loops, and the shape compiled in as constants (that last one
 * halved ResNet-50's time). The local-memory tiles of {@link DeviceKernels#conv2dTiled}, written for GPUs, ran
 * ResNet-50 batch 1 in 4.4 s (median, minimum 2.3 s) against 2.9 s (minimum 1.4 s) for this kernel, alternated on
 * PoCL 3.1 on a busy 2-core machine; this kernel has gained about 20% since. Bias (BN folded in), residual add and
 * ReLU follow.
 */
final class CpuConvKernel {
    private CpuConvKernel() {}

    /** Output channels per work-item; the work-items of a work-group share them. */
    static final int BM = 16;
    /** The launch pads each image's pixels to a multiple of this: the smallest work-group, one AVX-512 vector. */
    static final int BN = 16;
    /** Input channels per step of the reduction loop. */
    static final int UNROLL = 4;

    /**
     * Launch: one work-item per (image, group, channel block, pixel), the pixel fastest and padded to a multiple
     * of {@link #BN} per image, so a work-group never spans two channel blocks: the weights it reads are the same
     * for all its work-items. Padding work-items compute like the others and store nothing; no bound check
     * encloses a loop, so every loop's trip count is the same for the whole work-group.
     *
     * <p>The sizes that shape the loops and addresses come as scalar arguments: TornadoVM compiles them in as
     * constants, one kernel per convolution shape, so the OpenCL compiler sees fixed trip counts and strides.
     * {@code packed} holds the weights ({@link CpuWeights}) followed by the bias; the rest of the sizes and the
     * epilogue flags come in {@code p} as for {@link DeviceKernels#conv2dTiled}.
     */
    static void conv2d(KernelContext kc, FloatArray in, FloatArray packed, FloatArray residual, FloatArray out,
            IntArray p, int cinG, int k, int h, int w, int ow, int stride, int pad, int dil, int padded) {
        int gid = kc.globalIdx;
        int cin = p.get(DeviceKernels.CONV_CIN);
        int cout = p.get(DeviceKernels.CONV_COUT);
        int pixels = p.get(DeviceKernels.CONV_OH) * ow;
        int groups = p.get(DeviceKernels.CONV_GROUPS);
        int tilesM = p.get(DeviceKernels.CONV_TILES_M);
        int coutG = cout / groups;
        int depth = cinG * k * k;
        int pixel = gid % padded;
        int rest = gid / padded;
        int mb = rest % tilesM;
        rest = rest / tilesM;
        int g = rest % groups;
        int n = rest / groups;
        int plane = h * w;
        int inBase = (n * cin + g * cinG) * plane;
        int wBase = (g * tilesM + mb) * depth * BM;
        int biasAt = groups * tilesM * depth * BM;
        int oy = pixel / ow;
        int y0 = oy * stride - pad;
        int x0 = (pixel - oy * ow) * stride - pad;
        float[] acc = new float[BM];
        for (int i = 0; i < BM; i++) {
            acc[i] = 0.0f;
        }
        // A barrier that orders nothing: PoCL moves its loop over work-items inside a kernel's uniform loops (where
        // it can vectorize it) only in kernels that have a barrier.
        kc.localBarrier();
        // Taps outermost, then input channels UNROLL at a time: PoCL keeps each work-item's accumulators in memory
        // between steps of a loop it vectorizes, so one step does UNROLL × BM multiply-adds per load and store of them.
        int taps = k * k;
        int blocks = cinG / UNROLL;
        boolean contiguous = k == 1 && stride == 1 && pad == 0;
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                int y = y0 + ky * dil;
                int x = x0 + kx * dil;
                // Padding work-items of a contiguous conv read past the image: buffers carry BN spare floats.
                boolean read = contiguous || (y >= 0 && y < h && x >= 0 && x < w);
                int at = inBase + (contiguous ? pixel : y * w + x);
                int tap = ky * k + kx;
                for (int b = 0; b < blocks; b++) {
                    for (int u = 0; u < UNROLL; u++) {
                        int ic = b * UNROLL + u;
                        float v = 0.0f;
                        if (read) {
                            v = in.get(at + ic * plane);
                        }
                        int wb = wBase + (ic * taps + tap) * BM;
                        for (int i = 0; i < BM; i++) {
                            acc[i] += packed.get(wb + i) * v;
                        }
                    }
                }
                for (int ic = blocks * UNROLL; ic < cinG; ic++) {
                    float v = 0.0f;
                    if (read) {
                        v = in.get(at + ic * plane);
                    }
                    int wb = wBase + (ic * taps + tap) * BM;
                    for (int i = 0; i < BM; i++) {
                        acc[i] += packed.get(wb + i) * v;
                    }
                }
            }
        }
        if (pixel < pixels) {
            boolean addResidual = p.get(DeviceKernels.CONV_RESIDUAL) == 1;
            boolean relu = p.get(DeviceKernels.CONV_RELU) == 1;
            for (int i = 0; i < BM; i++) {
                int oc = mb * BM + i;
                if (oc < coutG) {
                    int at = (n * cout + g * coutG + oc) * pixels + pixel;
                    float v = acc[i] + packed.get(biasAt + g * coutG + oc);
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
}
