package io.resnet4j.backend.java;

import io.resnet4j.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The pixel-blocked layout of an activation, and which values the plan stores in it. A blocked value of shape
 * N×C×H×W numbers its pixels through the batch, image after image ({@code q = n·H·W + p}), and cuts them into
 * blocks of {@code width} pixels (a strip pair: what one {@link Kernels#tilePair} covers); a block holds every
 * channel's run of its pixels, channel after channel: pixel q of channel c lies at
 * {@code (q / width)·C·width + c·width + q % width}. The last block is padded to the whole width; what lies in
 * the padding is never stored as a result.
 *
 * <p>Why: a 1×1 conv's right-hand matrix is its input itself, and a block's K slice is already what the packer
 * would make of it, a contiguous run of rows of one strip pair; in NCHW those rows lie a plane apart and every
 * conv copies them into a panel first. And a tile's rows of output are one contiguous run each instead of one
 * per plane. A bottleneck's output (its last conv's, with the residual) is read only by 1×1 convs, residual
 * adds and the final average pool, and its middle 3×3 conv's output only by its last 1×1 conv: those values are
 * stored blocked. On Zen 4, one thread, the tiles of a
 * 256→64 conv on 56×56 at batch 8 ran 0.78–0.85× the time of packing NCHW and multiplying, 512→128 on 28×28
 * 0.80×, 1024→256 on 14×14 0.88–0.97×.
 */
final class PixelBlocks {
    private PixelBlocks() {}

    /** Pixels per block for these kernels: a strip pair. */
    static int width(Kernels kernels) {
        int width = 2 * kernels.stripWidth();
        if (Integer.bitCount(width) != 1) {
            throw new IllegalStateException("pixel blocks need a power-of-two width, got " + width);
        }
        return width;
    }

    /** Floats a value of this shape takes blocked: the batch's pixels rounded up to whole blocks, per channel. */
    static long floats(Shape shape, int width) {
        long pixels = (long) shape.dim(0) * shape.dim(2) * shape.dim(3);
        return Math.ceilDiv(pixels, width) * width * shape.dim(1);
    }

    /**
     * Where pixel {@code q} of the batch, channel {@code c}, lies in a blocked value of {@code channels} channels.
     * The width is a power of two (a strip pair): shifts, not divisions, for the per-pixel stores that use this.
     */
    static int at(int q, int c, int channels, int width) {
        int shift = Integer.numberOfTrailingZeros(width);
        return (((q >>> shift) * channels + c) << shift) + (q & (width - 1));
    }

    /** The blocked value at {@code src[srcOff]} in NCHW order, into {@code dst} from 0. */
    static void unblock(float[] src, int srcOff, Shape shape, int width, float[] dst) {
        int channels = shape.dim(1);
        int plane = shape.dim(2) * shape.dim(3);
        for (int n = 0; n < shape.dim(0); n++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    dst[(n * channels + c) * plane + p] = src[srcOff + at(n * plane + p, c, channels, width)];
                }
            }
        }
    }

    /**
     * One image of a value in NCHW order ({@code src} from 0) into its place in the blocked value at
     * {@code dst[dstOff]}: each channel's pixels run by run, a run per block.
     */
    static void block(float[] src, int image, Shape shape, int width, float[] dst, int dstOff) {
        int channels = shape.dim(1);
        int plane = shape.dim(2) * shape.dim(3);
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; ) {
                int q = image * plane + p;
                int run = Math.min(plane - p, width - q % width);
                System.arraycopy(src, c * plane + p, dst, dstOff + at(q, c, channels, width), run);
                p += run;
            }
        }
    }

    /**
     * Chooses the blocked values and returns the steps set to read and write them so. A value is blocked when a
     * {@link ConvStep} of one group or a {@link WinogradConvStep} without a residual computes it, no step reads it but 1×1 unpadded convs of one group (as their
     * input or as the projection summed in), convs adding it as their residual, and the average pool, and it is
     * not the graph's output; and a conv's residual is blocked exactly when its output is, since its tiles read
     * the residual at their output's index. Any node may still be asked for as a tap: it is copied out unblocked.
     */
    static List<Step> assign(List<Step> steps, int graphOutput, int nodes, int width) {
        boolean[] blocked = new boolean[nodes];
        for (Step step : steps) {
            boolean canStore = step instanceof ConvStep conv && conv.canStoreBlocked()
                    || step instanceof WinogradConvStep winograd && winograd.canStoreBlocked();
            if (canStore && step.output() != graphOutput) {
                blocked[step.output()] = true;
            }
        }
        for (Step step : steps) {
            for (int node : unblockedReads(step)) {
                blocked[node] = false;
            }
        }
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Step step : steps) {
                if (step instanceof ConvStep conv && conv.residual() >= 0
                        && blocked[conv.residual()] != blocked[conv.output()]) {
                    blocked[conv.residual()] = false;
                    blocked[conv.output()] = false;
                    changed = true;
                }
            }
        }
        List<Step> assigned = new ArrayList<>(steps.size());
        for (Step step : steps) {
            assigned.add(switch (step) {
                case ConvStep conv -> conv.withPixelBlocks(blocked);
                case WinogradConvStep winograd -> winograd.withPixelBlocks(blocked);
                case AvgPoolStep pool -> pool.withPixelBlocks(blocked, width);
                default -> step;
            });
        }
        return assigned;
    }

    /** The nodes {@code step} reads that it cannot read blocked. */
    private static List<Integer> unblockedReads(Step step) {
        List<Integer> nodes = new ArrayList<>();
        switch (step) {
            case ConvStep conv -> {
                if (!conv.readsBlockedInput()) {
                    nodes.add(conv.input());
                }
                if (conv.hasAddend() && !conv.readsBlockedAddend()) {
                    nodes.add(conv.addendInput());
                }
            }
            case AvgPoolStep _ -> { }
            default -> {
                for (int node : step.inputs()) {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }
}
