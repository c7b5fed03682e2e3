package io.resnet4j.backend.java;

import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import java.util.Arrays;

/**
 * A grouped 3×3 convolution, stride 1 or 2 (ResNeXt's), whose groups have whole 4s of output channels, with its fused
 * batch norm, residual add and ReLU, computed directly: no im2col.
 *
 * <p>As a GEMM a group is tiny (16 output rows and 144 taps for ResNeXt-50's third stage), so the packed input
 * would be used by 16 rows only and packing cost as much as multiplying: the GEMM path ran these convs at 17–38
 * GFLOP/s where ONNX Runtime ran them 4–5× faster. Here a unit is one image's group: its input channels are
 * copied once into zero-padded planes (for stride 2, split by kernel row and column parity), laid out so that the
 * input of a tap for a run of consecutive output pixels, numbered along rows widened by a column or two, is a run
 * of consecutive values, read straight into vectors; each such vector feeds 8 (or 4) output channels
 * ({@link Kernels#conv3x3Block}). The widened pixels are computed and dropped. Each output is the sum of {@link ConvStep}'s tiles in the same
 * order from the same folded weights, so the results are bit for bit the GEMM path's.
 */
final class GroupedConvStep implements Step {
    /** Output channels per {@link Kernels#conv3x3Block} call: 8, or 4 for groups of 4 (ResNeXt-50's first stage). */
    private final int channels;

    private final String label;
    private final int input;
    private final int residual;
    private final int output;
    private final int groups;
    private final int inPerGroup;
    private final int outPerGroup;
    private final int stride;
    /** Folded weights: group g, block b of {@link #channels} output channels, tap t = (ci·3 + ky)·3 + kx, channel c
     * at {@code ((g·blocks + b)·inPerGroup·9 + t)·channels + c}. */
    private final float[] weights;
    private final float[] bias;
    private final boolean relu;
    private final Kernels kernels;
    private final Parallel.Task<Values> units = this::unit;

    /** @param residual the node added to the result, or −1 */
    GroupedConvStep(String label, int input, int residual, int output, Op.Conv2d conv, WeightPanels folded,
            boolean relu, Kernels kernels) {
        this.label = label;
        this.input = input;
        this.residual = residual;
        this.output = output;
        this.groups = conv.groups();
        this.inPerGroup = conv.inChannels() / groups;
        this.outPerGroup = conv.outChannels() / groups;
        this.stride = conv.stride();
        this.channels = outPerGroup % 8 == 0 ? 8 : 4;
        this.weights = relayout(folded, groups, inPerGroup, outPerGroup, channels);
        this.bias = folded.bias();
        this.relu = relu;
        this.kernels = kernels;
    }

    /**
     * Whether this step computes {@code conv}: grouped, 3×3, stride 1 or 2, padding 1, groups of whole 4s of outputs
     * (all of ResNeXt-50 32×4d's). At batch 8 its first stage's groups of 4 ran in 4.2–4.9 ms here against
     * 11.4–11.7 ms on the GEMM path (ONNX Runtime: about 8 ms).
     */
    static boolean applies(Op.Conv2d conv) {
        return conv.groups() > 1 && conv.kernel() == 3 && (conv.stride() == 1 || conv.stride() == 2)
                && conv.padding() == 1 && conv.dilation() == 1 && (conv.outChannels() / conv.groups()) % 4 == 0;
    }

    /** The folded weights of {@link WeightPanels} (the same floats) in the order the kernel reads them. */
    private static float[] relayout(WeightPanels folded, int groups, int inPerGroup, int outPerGroup, int channels) {
        int taps = inPerGroup * 9;
        int blocks = outPerGroup / channels;
        float[] w = new float[groups * outPerGroup * taps];
        for (int g = 0; g < groups; g++) {
            for (int p = 0; p < folded.panels(); p++) {
                int h = folded.panelHeight()[p];
                for (int r = 0; r < h; r++) {
                    int row = folded.panelRow()[p] + r; // within the group
                    int at = ((g * blocks + row / channels) * taps) * channels + row % channels;
                    for (int t = 0; t < taps; t++) {
                        w[at + t * channels] = folded.data()[folded.at(g, p, t) + r];
                    }
                }
            }
        }
        return w;
    }

    @Override
    public int[] inputs() {
        return Step.inputsOf(input, residual);
    }

    @Override
    public int output() {
        return output;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public long macs(Shape[] shapes) {
        return shapes[output].size() * inPerGroup * 9;
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        parallel.forEach(values.shape(input).dim(0) * groups, values, units);
    }

    /** One image's group: prepare its input planes, then every block of pixels × every block of output channels. */
    private void unit(Values values, int unit) {
        Shape in = values.shape(input);
        Shape out = values.shape(output);
        int image = unit / groups;
        int group = unit % groups;
        int outHeight = out.dim(2);
        int outWidth = out.dim(3);
        int n = kernels.blockPixels(channels);
        Scratch scratch = Scratch.get();
        float[] sums = scratch.products(channels * n);
        int[] taps = scratch.runStarts(9);
        float[] x = values.array(input);
        int xOff = values.offset(input) + (image * in.dim(1) + group * inPerGroup) * in.dim(2) * in.dim(3);
        // Output pixels are numbered along rows widened by a column or two, so that every tap is a plain shift.
        int rowStride = stride == 1 ? outWidth + 2 : outWidth + 1;
        // The last block reads up to n − 1 values past the last widened pixel's taps: zeros.
        int slack = n + 2;
        float[] planes;
        int planeStride;
        if (stride == 1) {
            planeStride = (outHeight + 2) * rowStride + slack;
            planes = scratch.panel(inPerGroup * planeStride);
            padOnePlanes(x, xOff, in.dim(2), in.dim(3), planes, planeStride, rowStride);
            for (int t = 0; t < 9; t++) {
                taps[t] = (t / 3) * rowStride + t % 3;
            }
        } else {
            int sub = outHeight * rowStride + slack;
            planeStride = 6 * sub;
            planes = scratch.panel(inPerGroup * planeStride);
            phasePlanes(x, xOff, in.dim(2), in.dim(3), outHeight, planes, planeStride, sub, rowStride);
            for (int t = 0; t < 9; t++) {
                int ky = t / 3;
                int kx = t % 3;
                taps[t] = (2 * ky + (kx & 1)) * sub + (kx >> 1);
            }
        }
        int widened = (outHeight - 1) * rowStride + outWidth; // past the last real pixel
        int blocks = outPerGroup / channels;
        for (int q0 = 0; q0 < widened; q0 += n) {
            for (int block = 0; block < blocks; block++) {
                kernels.conv3x3Block(channels, planes, q0, planeStride, taps, inPerGroup, weights,
                        (group * blocks + block) * inPerGroup * 9 * channels, sums, 0);
                store(values, image, group * outPerGroup + block * channels, q0, n, widened, rowStride, outWidth,
                        outHeight, sums);
            }
        }
    }

    /**
     * Stride 1: each input channel with a zero border, rows {@code rowStride} = width + 2 apart, so that tap (ky, kx)
     * of widened output pixel q is value {@code q + ky·rowStride + kx}.
     */
    private void padOnePlanes(float[] x, int xOff, int height, int width, float[] planes, int planeStride,
            int rowStride) {
        Arrays.fill(planes, 0, inPerGroup * planeStride, 0f);
        for (int ci = 0; ci < inPerGroup; ci++) {
            int from = xOff + ci * height * width;
            for (int y = 0; y < height; y++) {
                System.arraycopy(x, from + y * width, planes, ci * planeStride + (y + 1) * rowStride + 1, width);
            }
        }
    }

    /**
     * Stride 2: per input channel six planes, one per kernel row ky and column parity: plane (ky, p) holds at
     * {@code y·rowStride + i} the padded input's row 2y + ky, column 2i + p (zero in the padding), so that tap
     * (ky, kx) of widened output pixel q = y·rowStride + x is value {@code q + kx/2} of plane (ky, kx mod 2).
     */
    private void phasePlanes(float[] x, int xOff, int height, int width, int outHeight, float[] planes,
            int planeStride, int sub, int rowStride) {
        Arrays.fill(planes, 0, inPerGroup * planeStride, 0f);
        for (int ci = 0; ci < inPerGroup; ci++) {
            int from = xOff + ci * height * width;
            for (int row = 0; row < height; row++) {
                // Input row `row` is padded row row + 1 = 2y + ky: output row y for each ky of that parity.
                for (int ky = (row + 1) % 2; ky < 3; ky += 2) {
                    int y = (row + 1 - ky) / 2;
                    if (y >= outHeight) {
                        continue;
                    }
                    int even = ci * planeStride + (2 * ky + 1) * sub + y * rowStride; // columns 0, 2, 4, … at i = 0, 1, …
                    int odd = ci * planeStride + 2 * ky * sub + y * rowStride + 1; // columns 1, 3, … at i = 1, 2, …
                    kernels.deinterleave(x, from + row * width, width / 2, planes, even, planes, odd);
                    if (width % 2 != 0) {
                        planes[even + width / 2] = x[from + row * width + width - 1];
                    }
                }
            }
        }
    }

    /**
     * The epilogue of one block: each output channel's real pixels among widened pixels {@code [q0, q0 + n)},
     * a run per output row, with bias, residual and ReLU in {@link Kernels#tile}'s order ({@code affine} with scale
     * 1 adds the bias exactly).
     */
    private void store(Values values, int image, int channel0, int q0, int n, int widened, int rowStride, int width,
            int height, float[] sums) {
        float[] y = values.array(output);
        int outChannels = values.shape(output).dim(1);
        float[] res = values.arrayOrNull(residual);
        int resShift = values.shift(residual, output);
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            int channel = channel0 + c;
            int base = values.offset(output) + (image * outChannels + channel) * plane;
            for (int q = q0, end = Math.min(q0 + n, widened); q < end; ) {
                int row = q / rowStride;
                int col = q - row * rowStride;
                if (col >= width) { // a padding column of the widened row
                    q += rowStride - col;
                    continue;
                }
                int run = Math.min(width - col, end - q);
                int at = base + row * width + col;
                kernels.affine(sums, c * n + (q - q0), 1f, bias[channel], res, at + resShift, relu, y, at, run);
                q += run;
            }
        }
    }
}
