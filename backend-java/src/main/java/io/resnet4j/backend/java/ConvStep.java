package io.resnet4j.backend.java;

import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;

/**
 * A convolution with everything fused into it at compile time: folded batch norm (in the packed
 * {@link WeightPanels}), an optional residual add, or instead a second conv summed into the same tiles (an
 * {@link Addend}: a bottleneck's projection shortcut), and an optional ReLU, applied on the registers before the
 * first store.
 *
 * <p>Per image and group the conv is the GEMM [Cout×K]·[K×pixels], K = Cin/groups·k·k, cut into units of one
 * pixel block (8 strips). Two schedules:
 * <ul>
 * <li><b>fused</b>, when there are many units (early layers, large batches): a task packs its unit one K slice at
 *     a time into a per-thread panel that stays in L2, and multiplies every row panel against it;</li>
 * <li><b>split</b>, when units are too few to keep every thread busy (late layers at batch 1): all units are
 *     packed first into the run's workspace, then tasks of (unit, block of row panels) multiply. A 1×1 stride-1
 *     conv skips the packing there and its tiles read the input in place ({@link #multiplyUnpacked}).</li>
 * </ul>
 * Small planes at batch > 1 (7×7, 14×14) would waste up to a third of every tile on padding each image's pixels
 * to whole strips; there units take the batch's pixels one image after another, split schedule, summing in a
 * per-thread block before one epilogue pass writes each image's pixels.
 * Otherwise every conv packs, 1×1 included: with a large plane an unpacked strip's K rows lie a plane apart, a
 * page each, where a packed strip's are contiguous (see {@link ColumnPacker}).
 * Both sum each output in ascending k, so the schedule never changes a result.
 */
final class ConvStep implements Step {
    /** Strips per pixel block: 128 pixels with AVX2's 16-wide strips. */
    private static final int STRIPS_PER_BLOCK = 8;
    /** The fewest strips per block {@link Geometry#stripsPerBlock} takes to even out the threads. */
    private static final int MIN_STRIPS_PER_BLOCK = 6;
    /** Taps per K slice: 256 taps × 128 pixels × 4 bytes = 128 KiB of panel, an L2-sized working set. */
    static final int SLICE_TAPS = 256;
    /**
     * The fused schedule needs this many units per thread to balance; fewer go split. Not more: the split schedule
     * packs every unit into the shared workspace first (3.2 MB for a 256-channel 56×56 input, past L2) and reads it
     * back, where the fused one keeps a unit's panel in its thread's L2; at batch 1 a 56×56 layer has 13 units, and
     * 2 threads ran its 1×1 convs split no faster than 1 thread fused.
     */
    private static final int UNITS_PER_THREAD = 4;
    /**
     * Weights per block of row panels: 48 K floats (192 KiB) stay in Zen 3's 512 KiB L2 beside the packed unit
     * (128 KiB), so every strip reuses them from there.
     */
    private static final int A_BLOCK_FLOATS = 48 * 1024;
    /** Tasks per thread wanted from the split schedule's row blocks. */
    private static final int SPLIT_TASKS_PER_THREAD = 4;

    private final String label;
    private final int input;
    private final int residual;
    private final int output;
    private final WeightPanels weights;
    private final boolean relu;
    private final ColumnPacker packer;
    private final Kernels kernels;
    private final int threads;
    /** A second conv summed into the same outputs, or null. */
    private final Addend addend;
    /**
     * Whether its input, its addend's input and its output (with the residual) are stored pixel-blocked
     * ({@link PixelBlocks}): all false unless the plan chose them ({@link #withPixelBlocks}).
     */
    private final boolean inputBlocked, addendBlocked, outputBlocked;
    /** Pixels per block of the blocked values: a strip pair. */
    private final int blockWidth;
    /** The geometry of the last input shape: runs repeat shapes, and a warm run should allocate nothing. */
    private volatile Geometry last;
    /** The same for {@link #executeImage}, whose units never cross images. */
    private volatile Geometry lastPerImage;

    /** @param residual the node added to the result, or −1 */
    ConvStep(String label, int input, int residual, int output, WeightPanels weights, boolean relu,
            ColumnPacker packer, Kernels kernels, int threads) {
        this(label, input, residual, output, weights, relu, packer, kernels, threads, null, false, false, false);
    }

    private ConvStep(String label, int input, int residual, int output, WeightPanels weights, boolean relu,
            ColumnPacker packer, Kernels kernels, int threads, Addend addend, boolean inputBlocked,
            boolean addendBlocked, boolean outputBlocked) {
        this.addend = addend;
        this.inputBlocked = inputBlocked;
        this.addendBlocked = addendBlocked;
        this.outputBlocked = outputBlocked;
        this.blockWidth = PixelBlocks.width(kernels);
        this.label = label;
        this.input = input;
        this.residual = residual;
        this.output = output;
        this.weights = weights;
        this.relu = relu;
        this.packer = packer;
        this.kernels = kernels;
        this.threads = threads;
    }

    /**
     * A second conv whose outputs are summed with this one's (a bottleneck's projection shortcut, added to its last
     * conv): its taps follow the main conv's in every output's one chain of multiply-adds, and its packed weights
     * carry both convs' biases summed, so that the tiles add both in one epilogue. The addend's own value is never
     * stored, nor read back as a residual: a 1×1 projection and the 1×1 conv beside it (ResNet-50's first block of a
     * stage, batch 8, 56×56: 64 + 64 channels to 256) took 0.75× the time of the two steps apart, one JVM,
     * alternating. The sums round differently from the two convs added afterwards (one chain instead of two), as a
     * different order of the same terms does.
     *
     * @param input   the addend conv's input
     * @param weights its packed weights, their bias the two convs' summed
     */
    record Addend(int input, WeightPanels weights, ColumnPacker packer) {}

    /** This conv with {@code other} summed in, in place of this conv's residual (which must be other's output). */
    ConvStep withAddend(ConvStep other) {
        if (other.output != residual || !other.canBeAddend() || !canTakeAddend()) {
            throw new IllegalArgumentException(label + " cannot take " + other.label + " as an addend");
        }
        float[] bias = new float[weights.bias().length];
        for (int o = 0; o < bias.length; o++) {
            bias[o] = (float) ((double) weights.bias()[o] + other.weights.bias()[o]);
        }
        Addend a = new Addend(other.input, other.weights.withBias(bias), other.packer);
        return new ConvStep(label + "+" + other.label, input, -1, output, weights, relu, packer, kernels, threads, a,
                false, false, false);
    }

    /** This conv reading and writing the values {@code blocked} marks in the pixel-blocked layout. */
    ConvStep withPixelBlocks(boolean[] blocked) {
        boolean in = blocked[input];
        boolean add = addend != null && blocked[addend.input()];
        boolean out = blocked[output];
        if (in && !readsBlockedInput() || add && !readsBlockedAddend() || out && !canStoreBlocked()
                || residual >= 0 && blocked[residual] != out) {
            throw new IllegalArgumentException(label + " cannot take these pixel-blocked values");
        }
        return new ConvStep(label, input, residual, output, weights, relu, packer, kernels, threads, addend, in, add,
                out);
    }

    /** Whether this conv can store its output pixel-blocked: one group (its tiles' rows are whole channels). */
    boolean canStoreBlocked() {
        return weights.groups() == 1;
    }

    /** Whether this conv can read its input pixel-blocked: a 1×1 unpadded conv of one group. */
    boolean readsBlockedInput() {
        return weights.groups() == 1 && packer.kernel() == 1 && packer.padding() == 0;
    }

    /** Whether its addend can read its input pixel-blocked: a 1×1 unpadded one. */
    boolean readsBlockedAddend() {
        return addend != null && addend.packer().kernel() == 1 && addend.packer().padding() == 0;
    }

    @Override
    public int storedBlockWidth() {
        return outputBlocked ? blockWidth : 0;
    }

    int input() {
        return input;
    }

    /** The node added as the residual, or −1. */
    int residual() {
        return residual;
    }

    /** The addend's input; only with {@link #hasAddend}. */
    int addendInput() {
        return addend.input();
    }

    /** Whether another conv is summed into this one's tiles. */
    boolean hasAddend() {
        return addend != null;
    }

    /** Whether this conv can be summed into another as its {@link Addend}: one group, nothing fused after it. */
    boolean canBeAddend() {
        return weights.groups() == 1 && residual < 0 && !relu && addend == null;
    }

    /** Whether this conv can take an {@link Addend} in place of its residual. */
    boolean canTakeAddend() {
        return weights.groups() == 1 && residual >= 0 && addend == null;
    }

    @Override
    public int[] inputs() {
        return addend == null ? Step.inputsOf(input, residual) : new int[] {input, addend.input()};
    }

    @Override
    public int output() {
        return output;
    }

    @Override
    public String label() {
        return label;
    }

    boolean fusesResidual() {
        return residual >= 0;
    }

    boolean fusesRelu() {
        return relu;
    }

    @Override
    public long macs(Shape[] shapes) {
        return shapes[output].size() * (weights.k() + (addend == null ? 0 : addend.weights().k()));
    }

    @Override
    public long workspace(Shape[] shapes) {
        Geometry g = geometry(shapes[input], shapes[output], addend == null ? null : shapes[addend.input()], true);
        return g.split && g.packs ? (long) g.units * g.unitPanel : 0;
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        Geometry g = runGeometry(values);
        if (!g.split) {
            parallel.forEach(g.units, values, fusedUnits);
        } else if (g.unpacked && readsStayInside(g, values)) {
            parallel.forEach(g.units * g.rowBlocks, values, multipliesUnpacked);
        } else {
            if (g.packs) {
                parallel.forEach(g.units * g.allSlices, values, packSlices);
            }
            parallel.forEach(g.units * g.rowBlocks, values, g.acrossImages ? multipliesAcrossImages : multipliesSplit);
        }
    }

    /*
     * The tasks of execute, made once: a run passes its Values beside them instead of capturing them in a lambda,
     * so that it allocates nothing. Each item looks its geometry up again (the cached one, for the run's shapes).
     */
    private final Parallel.Task<Values> fusedUnits = (v, unit) -> fusedUnit(runGeometry(v), v, unit);
    private final Parallel.Task<Values> packSlices = (v, t) -> {
        Geometry g = runGeometry(v);
        packSlice(g, v, t / g.allSlices, t % g.allSlices, v.workspace());
    };
    private final Parallel.Task<Values> multipliesSplit = (v, t) -> {
        Geometry g = runGeometry(v);
        multiplySplit(g, v, t / g.rowBlocks, t % g.rowBlocks, v.workspace());
    };
    private final Parallel.Task<Values> multipliesUnpacked = (v, t) -> {
        Geometry g = runGeometry(v);
        multiplyUnpacked(g, v, t / g.rowBlocks, t % g.rowBlocks);
    };
    private final Parallel.Task<Values> multipliesAcrossImages = (v, t) -> {
        Geometry g = runGeometry(v);
        multiplyAcrossImages(g, v, t / g.rowBlocks, t % g.rowBlocks, v.workspace());
    };

    private Geometry runGeometry(Values values) {
        return geometry(values, true);
    }

    private Geometry geometry(Values values, boolean mayCrossImages) {
        return geometry(values.shape(input), values.shape(output), addend == null ? null : values.shape(addend.input()),
                mayCrossImages);
    }

    /**
     * Computes one image of the batch alone, on the calling thread, by the fused schedule (no workspace): the
     * images a {@link WinogradConvStep} cannot take. Same sums as {@link #execute}, so the same bits.
     */
    void executeImage(Values values, int image) {
        if (outputBlocked) {
            // Per-image units do not start on blocks: the image in NCHW order first, then into its blocks.
            Shape out = values.shape(output);
            int pixels = out.dim(2) * out.dim(3);
            float[] nchw = Scratch.get().image(out.dim(1) * pixels);
            computePixels(values, image, 0, pixels, nchw, 0, pixels);
            PixelBlocks.block(nchw, image, out, blockWidth, values.array(output), values.offset(output));
            return;
        }
        Geometry g = geometry(values, false);
        int perImage = g.units / g.in.dim(0);
        for (int unit = image * perImage; unit < (image + 1) * perImage; unit++) {
            fusedUnit(g, values, unit);
        }
    }

    /**
     * Output pixels {@code [first, first + count)} of one image, every channel, into {@code dst} (channel c's at
     * {@code dstOff + c·ldDst}), on the calling thread by the fused schedule: for a step that consumes them while
     * they are in cache ({@link ConvPoolStep}). Only for a conv without groups or residual. Same sums as
     * {@link #execute}, so the same bits.
     */
    void computePixels(Values values, int image, int first, int count, float[] dst, int dstOff, int ldDst) {
        Geometry g = geometry(values, false);
        Scratch scratch = Scratch.get();
        Side main = g.main();
        int xOff = main.xOff(values, image, 0);
        for (int c0 = first; c0 < first + count; c0 += g.blockCols) {
            int cols = Math.min(g.blockCols, first + count - c0);
            int ld = Math.ceilDiv(cols, g.stripWidth) * g.stripWidth;
            float[] panel = scratch.panel(g.sliceTapsMax * ld);
            for (int ch0 = 0; ch0 < main.perGroup; ch0 += main.sliceChannels) {
                int ch1 = Math.min(main.perGroup, ch0 + main.sliceChannels);
                int kLen = (ch1 - ch0) * main.taps;
                packer.pack(values.array(input), xOff, ch0, ch1, main.height, main.width, g.outWidth, c0, cols,
                        g.stripWidth, panel, 0, 0, scratch);
                ColumnPacker.zeroTail(panel, 0, kLen, cols, g.stripWidth);
                multiplyPanels(g, weights, 0, cols, dst, dstOff + c0 - first, ldDst, 2 * g.stripWidth, null, 0, 0,
                        weights.panels(), panel, 0, g.stripWidth, kLen * g.stripWidth, 2 * kLen * g.stripWidth,
                        ch0 * main.taps, kLen, ch0 == 0, ch1 == main.perGroup);
            }
        }
    }

    /** Whether {@link #computePixels} can take this conv: one group, no residual. */
    boolean computesPixels() {
        return weights.groups() == 1 && residual < 0 && addend == null;
    }

    /**
     * @param addendIn       the addend's input shape, or null
     * @param mayCrossImages whether units may hold pixels of several images (not for {@link #executeImage})
     */
    private Geometry geometry(Shape in, Shape out, Shape addendIn, boolean mayCrossImages) {
        Geometry g = mayCrossImages ? last : lastPerImage;
        if (g == null || !g.in.equals(in) || !g.out.equals(out) || !java.util.Objects.equals(g.addendIn, addendIn)) {
            g = new Geometry(in, out, addendIn, mayCrossImages);
            if (mayCrossImages) {
                last = g;
            } else {
                lastPerImage = g;
            }
        }
        return g;
    }

    /** The fused schedule: pack one K slice of the unit, multiply every row panel against it, next slice. */
    private void fusedUnit(Geometry g, Values v, int unit) {
        Scratch scratch = Scratch.get();
        float[] panel = scratch.panel(g.sliceTapsMax * g.ld(unit));
        for (Side side : g.sides) {
            for (int ch0 = 0; ch0 < side.perGroup; ch0 += side.sliceChannels) {
                int ch1 = Math.min(side.perGroup, ch0 + side.sliceChannels);
                if (side.direct) {
                    multiplyDirect(g, v, unit, side, 0, weights.panels(), ch0, ch1);
                } else {
                    packUnitSlice(g, v, side, unit, ch0, ch1, panel, 0, scratch);
                    multiplyPanels(g, v, unit, side.weights, 0, weights.panels(), panel, 0, ch0 * side.taps,
                            (ch1 - ch0) * side.taps, g.first(side, ch0), g.last(side, ch1));
                }
            }
        }
    }

    /**
     * Packs the K slice {@code [ch0, ch1)} of {@code side} for the unit's pixels into {@code panel} at {@code at}:
     * from a blocked input by gathering each pixel's value, else from the unit's image, or, when units cross
     * images, one call per image.
     */
    private void packUnitSlice(Geometry g, Values v, Side side, int unit, int ch0, int ch1, float[] panel, int at,
            Scratch scratch) {
        int cols = g.cols(unit);
        float[] x = v.array(side.node);
        if (side.blocked) {
            int[] index = scratch.pixelIndex(cols);
            side.packer.blockIndex(index, g.firstPixel(unit), cols, g.pixels, g.outWidth, side.plane, side.width,
                    side.channels, blockWidth);
            side.packer.packFromBlocks(x, v.offset(side.node), ch0, ch1, index, cols, g.stripWidth, blockWidth, panel,
                    at);
        } else if (!g.flat) {
            side.packer.pack(x, side.xOff(v, g.image(unit), g.group(unit)), ch0, ch1, side.height, side.width,
                    g.outWidth, g.c0(unit), cols, g.stripWidth, panel, at, 0, scratch);
        } else {
            // The unit's pixels run on from one image into the next: one call per image.
            int group = g.group(unit);
            for (int j = 0; j < cols; ) {
                int pixel = g.c0(unit) + j;
                int image = pixel / g.pixels;
                int c0 = pixel % g.pixels;
                int n = Math.min(cols - j, g.pixels - c0);
                side.packer.pack(x, side.xOff(v, image, group), ch0, ch1, side.height, side.width, g.outWidth, c0, n,
                        g.stripWidth, panel, at, j, scratch);
                j += n;
            }
        }
        ColumnPacker.zeroTail(panel, at, (ch1 - ch0) * side.taps, cols, g.stripWidth);
    }

    /**
     * Row panels {@code [p0, p1)} of the unit against the K slice {@code [ch0, ch1)} of a side read where it lies:
     * a 1×1 conv's blocked input, whose block holds the slice's rows of a strip pair one after another.
     */
    private void multiplyDirect(Geometry g, Values v, int unit, Side side, int p0, int p1, int ch0, int ch1) {
        multiplyPanels(g, v, unit, side.weights, p0, p1, v.array(side.node), blockAt(g, v, unit, side, ch0),
                blockWidth, g.stripWidth, side.channels * blockWidth, ch0, ch1 - ch0, g.first(side, ch0),
                g.last(side, ch1));
    }

    /** Where channel {@code ch0} of the unit's first block lies in a side's blocked input. */
    private int blockAt(Geometry g, Values v, int unit, Side side, int ch0) {
        return v.offset(side.node) + (g.firstPixel(unit) / blockWidth) * side.channels * blockWidth
                + ch0 * blockWidth;
    }

    /** The split schedule, phase 1: one K slice of one unit into the workspace. */
    private void packSlice(Geometry g, Values v, int unit, int slice, float[] panels) {
        Side side = g.sides[0];
        if (slice >= side.slices) {
            slice -= side.slices;
            side = g.sides[1];
        }
        if (side.direct) {
            return; // read where it lies
        }
        int ch0 = slice * side.sliceChannels;
        int ch1 = Math.min(side.perGroup, ch0 + side.sliceChannels);
        packUnitSlice(g, v, side, unit, ch0, ch1, panels, g.sliceOffset(unit, side, ch0), Scratch.get());
    }

    /** The split schedule, phase 2: one block of row panels of one unit, K slice by K slice. */
    private void multiplySplit(Geometry g, Values v, int unit, int block, float[] panels) {
        int p0 = block * weights.panels() / g.rowBlocks;
        int p1 = (block + 1) * weights.panels() / g.rowBlocks;
        for (Side side : g.sides) {
            for (int ch0 = 0; ch0 < side.perGroup; ch0 += side.sliceChannels) {
                int ch1 = Math.min(side.perGroup, ch0 + side.sliceChannels);
                if (side.direct) {
                    multiplyDirect(g, v, unit, side, p0, p1, ch0, ch1);
                } else {
                    multiplyPanels(g, v, unit, side.weights, p0, p1, panels, g.sliceOffset(unit, side, ch0),
                            ch0 * side.taps, (ch1 - ch0) * side.taps, g.first(side, ch0), g.last(side, ch1));
                }
            }
        }
    }

    /**
     * The split schedule of a 1×1 stride-1 conv without its packing phase: the tiles read the input where it lies,
     * channel k of the unit's strip s at {@code x + k·plane + c0 + s·w} (B's rows a plane apart instead of a strip).
     * Packing copied the whole input into the workspace, then the tiles read it back; at batch 1, where the late
     * stages split, ResNet-50 spent 4 ms a forward in those copies, and reading in place cost the multiply phase
     * 1 ms of it back (Zen 4, 2 threads, one JVM alternating, sums of the phases over 60 forwards).
     */
    private void multiplyUnpacked(Geometry g, Values v, int unit, int block) {
        int p0 = block * weights.panels() / g.rowBlocks;
        int p1 = (block + 1) * weights.panels() / g.rowBlocks;
        Side main = g.main();
        int first = main.xOff(v, g.image(unit), g.group(unit)) + g.c0(unit);
        for (int ch0 = 0; ch0 < main.perGroup; ch0 += main.sliceChannels) {
            int ch1 = Math.min(main.perGroup, ch0 + main.sliceChannels);
            multiplyPanels(g, v, unit, weights, p0, p1, v.array(input), first + ch0 * main.plane, main.plane,
                    g.stripWidth, 2 * g.stripWidth, ch0, ch1 - ch0, ch0 == 0, ch1 == main.perGroup);
        }
    }

    /**
     * Whether {@link #multiplyUnpacked}'s reads stay inside the input's array. Tiles read whole strips, so the last
     * strip of the last channel reads up to a strip past the input's end: columns whose sums are never stored, but
     * the array must reach that far. The caller's input array (the graph's input) ends with it, so a conv on it
     * packs.
     */
    private boolean readsStayInside(Geometry g, Values v) {
        return (long) v.offset(input) + (long) g.batch * g.main().channels * g.main().plane + g.stripWidth
                <= v.array(input).length;
    }

    /**
     * The split schedule's phase 2 when units cross images: a strip may hold the last pixels of one image and the
     * first of the next, which lie far apart in the output, so tiles cannot store into it. Sums build up in this
     * thread's block (rows × the unit's strips, contiguous) over every K slice, a sub-block of rows at a time small
     * enough to stay in L2; then one pass adds bias and residual, applies the ReLU and writes each image's run of
     * pixels. {@code affine(acc, 1, bias)} is {@code acc + bias} exactly, so the bits are the tiles' epilogue's.
     */
    private void multiplyAcrossImages(Geometry g, Values v, int unit, int block, float[] panels) {
        int p0 = block * weights.panels() / g.rowBlocks;
        int p1 = (block + 1) * weights.panels() / g.rowBlocks;
        int w = g.stripWidth;
        int group = g.group(unit);
        int groupRow = group * weights.rowsPerGroup();
        int cols = g.cols(unit);
        int ld = g.ld(unit);
        int blockRows = Math.max(1, A_BLOCK_FLOATS / g.sliceTapsMax);
        for (int pb = p0, pe; pb < p1; pb = pe) {
            pe = weights.blockEnd(pb, p1, blockRows);
            int row0 = weights.panelRow()[pb];
            int rows = weights.rowEnd(pe) - row0;
            float[] acc = Scratch.get().products(rows * ld);
            for (Side side : g.sides) {
                WeightPanels sw = side.weights;
                for (int ch0 = 0; ch0 < side.perGroup; ch0 += side.sliceChannels) {
                    int kLen = (Math.min(side.perGroup, ch0 + side.sliceChannels) - ch0) * side.taps;
                    float[] b = side.direct ? v.array(side.node) : panels;
                    int bOff, ldb, bStrip, bPair;
                    if (side.direct) {
                        bOff = blockAt(g, v, unit, side, ch0);
                        ldb = blockWidth;
                        bStrip = w;
                        bPair = side.channels * blockWidth;
                    } else {
                        bOff = g.sliceOffset(unit, side, ch0);
                        ldb = w;
                        bStrip = kLen * w;
                        bPair = 2 * kLen * w;
                    }
                    int strips = ld / w;
                    boolean pairs = Kernels.pairsFit(kLen);
                    boolean accumulate = !g.first(side, ch0);
                    for (int p = pb; p < pe; p++) {
                        // Whole strips: columns past the unit are packed zeros, and their sums are never written.
                        int h = sw.panelHeight()[p];
                        int a = sw.at(group, p, ch0 * side.taps);
                        int c = (sw.panelRow()[p] - row0) * ld;
                        int s = 0;
                        for (; pairs && s + 1 < strips; s += 2) {
                            int at = bOff + (s >> 1) * bPair;
                            kernels.tilePair(h, sw.data(), a, b, at, at + bStrip, ldb, kLen, acc, c + s * w, ld, 2 * w,
                                    accumulate, false, null, 0, null, 0, false);
                        }
                        for (; s < strips; s++) {
                            kernels.tile(h, sw.data(), a, b, bOff + (s >> 1) * bPair + (s & 1) * bStrip, ldb, kLen,
                                    acc, c + s * w, ld, w, accumulate, false, null, 0, null, 0, false);
                        }
                    }
                }
            }
            float[] bias = g.sides[g.sides.length - 1].weights.bias(); // with an addend, both convs' summed
            for (int r = 0; r < rows; r++) {
                int channel = groupRow + row0 + r;
                for (int j = 0; j < cols; ) {
                    int pixel = g.c0(unit) + j;
                    int image = pixel / g.pixels;
                    int c0 = pixel % g.pixels;
                    int n = Math.min(cols - j, g.pixels - c0);
                    int y = v.offset(output) + (image * g.outChannels + channel) * g.pixels + c0;
                    kernels.affine(acc, r * ld + j, 1f, bias[channel], v.arrayOrNull(residual), y + v.shift(residual, output),
                            relu, v.array(output), y, n);
                    j += n;
                }
            }
        }
    }

    /**
     * Row panels {@code [p0, p1)} of the unit's group × every strip of the unit, over taps {@code [k0, k0+kLen)}
     * (a packed slice at {@code bOff}, strip-major). Panels are taken a block at a time, small enough to stay in
     * L2 while every strip uses them; within a block, panels outside, strips (or strip pairs where
     * {@link Kernels#pairsFit}) inside, so that a panel's rows of output are written left to right, 12 sequential
     * streams the hardware prefetchers follow. Strips outside (a strip stays in L1 while every panel uses it) wrote
     * a column of 12-row tiles at a time, hundreds of rows apart: the stores missed, and a 64→256 1×1 conv on 56×56
     * at batch 8 ran 1.55× slower (same JVM, alternating).
     */
    private void multiplyPanels(Geometry g, Values v, int unit, WeightPanels w, int p0, int p1, float[] b, int bOff,
            int k0, int kLen, boolean first, boolean last) {
        int sw = g.stripWidth;
        multiplyPanels(g, v, unit, w, p0, p1, b, bOff, sw, kLen * sw, 2 * kLen * sw, k0, kLen, first, last);
    }

    /**
     * {@link #multiplyPanels} on a B whose rows lie {@code ldb} apart, strip s at
     * {@code bOff + (s / 2)·bPair + (s % 2)·bStrip}; into the output, NCHW or pixel-blocked.
     */
    private void multiplyPanels(Geometry g, Values v, int unit, WeightPanels w, int p0, int p1, float[] b, int bOff,
            int ldb, int bStrip, int bPair, int k0, int kLen, boolean first, boolean last) {
        int group = g.group(unit);
        int groupRow = group * weights.rowsPerGroup();
        int yBase, ldy, yPair;
        if (outputBlocked) {
            yBase = v.offset(output) + (g.firstPixel(unit) / blockWidth) * g.outChannels * blockWidth
                    + groupRow * blockWidth;
            ldy = blockWidth;
            yPair = g.outChannels * blockWidth;
        } else {
            yBase = v.offset(output) + (g.image(unit) * g.outChannels + groupRow) * g.pixels + g.c0(unit);
            ldy = g.pixels;
            yPair = 2 * g.stripWidth;
        }
        multiplyPanels(g, w, group, g.cols(unit), v.array(output), yBase, ldy, yPair, v.arrayOrNull(residual),
                v.shift(residual, output), p0, p1, b, bOff, ldb, bStrip, bPair, k0, kLen, first, last);
    }

    /**
     * The tiles themselves: {@code cols} pixels of the group's rows of output into {@code y}, the group's row 0 of
     * strip s at {@code yBase + (s / 2)·yPair + (s % 2)·w}, rows {@code ldy} apart (the output tensor's plane, a
     * block's width, or another step's buffer), the residual at the same index plus {@code resShift}; the weights
     * are the main conv's or the addend's ({@code weights}, whose bias the last slice's epilogue adds). B's strip s
     * lies at {@code bOff + (s / 2)·bPair + (s % 2)·bStrip}, its rows {@code ldb} apart.
     */
    private void multiplyPanels(Geometry g, WeightPanels weights, int group, int cols, float[] y, int yBase, int ldy,
            int yPair, float[] res, int resShift, int p0, int p1, float[] b, int bOff, int ldb, int bStrip, int bPair,
            int k0, int kLen, boolean first, boolean last) {
        int w = g.stripWidth;
        int groupRow = group * weights.rowsPerGroup();
        int blockRows = A_BLOCK_FLOATS / kLen;
        boolean pairs = Kernels.pairsFit(kLen);
        for (int pb = p0, pe; pb < p1; pb = pe) {
            pe = weights.blockEnd(pb, p1, blockRows);
            for (int p = pb; p < pe; p++) {
                int row = weights.panelRow()[p];
                int s = 0;
                for (; pairs && (s + 1) * w < cols; s += 2) { // strips s and s + 1 both hold pixels
                    int at = bOff + (s >> 1) * bPair;
                    kernels.tilePair(weights.panelHeight()[p], weights.data(), weights.at(group, p, k0), b, at,
                            at + bStrip, ldb, kLen, y, yBase + row * ldy + (s >> 1) * yPair, ldy,
                            Math.min(2 * w, cols - s * w), !first, last, weights.bias(), groupRow + row, res,
                            resShift, relu);
                }
                for (; s * w < cols; s++) {
                    kernels.tile(weights.panelHeight()[p], weights.data(), weights.at(group, p, k0), b,
                            bOff + (s >> 1) * bPair + (s & 1) * bStrip, ldb, kLen, y,
                            yBase + row * ldy + (s >> 1) * yPair + (s & 1) * w, ldy, Math.min(w, cols - s * w), !first,
                            last, weights.bias(), groupRow + row, res, resShift, relu);
                }
            }
        }
    }

    /**
     * The sizes of one execution and how they are cut into tasks. Units are blocks of one image's pixels, or blocks
     * of the batch's pixels taken one image after another ({@code flat}): when padding each image's pixels to whole
     * strips would waste more than 5% (7×7 planes: 49 pixels in 64 columns; 14×14: 196 in 224), when the output is
     * pixel-blocked (whose blocks run on across images too), or when a blocked input's blocks do not start with
     * each image. A unit reading or writing blocked values holds whole blocks (an even number of strips), so that
     * its strip pairs are blocks.
     */
    private final class Geometry {
        final int batch, outChannels, outWidth, pixels;
        final int stripWidth, blockCols, colBlocks, units, unitPanel;
        /** Units cross images. */
        final boolean flat;
        /** Units cross images of an NCHW output: tiles sum into a per-thread block first. */
        final boolean acrossImages;
        /** Some side packs (is not read where it lies). */
        final boolean packs;
        /** The pixels a unit's index runs over: one image's, or the whole batch's when units cross images. */
        final int unitPixels;
        final boolean split;
        /** Split, 1×1 stride 1, units within one image: the tiles may read the input in place. */
        final boolean unpacked;
        final int rowBlocks;

        final Shape in, out, addendIn;
        /** The GEMM's inputs: the main conv's, then the addend's if there is one. */
        final Side[] sides;
        /** Slices of every side, and taps of the longest slice. */
        final int allSlices, sliceTapsMax;

        Geometry(Shape in, Shape out, Shape addendIn, boolean mayCrossImages) {
            this.in = in;
            this.out = out;
            this.addendIn = addendIn;
            batch = in.dim(0);
            outChannels = out.dim(1);
            outWidth = out.dim(3);
            pixels = out.dim(2) * outWidth;
            stripWidth = kernels.stripWidth();
            boolean blocks = inputBlocked || addendBlocked || outputBlocked;
            boolean wasteful = 20L * Math.ceilDiv(pixels, stripWidth) * stripWidth > 21L * pixels;
            flat = mayCrossImages && batch > 1 && (wasteful || outputBlocked || blocks && pixels % blockWidth != 0);
            acrossImages = flat && !outputBlocked;
            unitPixels = flat ? batch * pixels : pixels;
            int strips = Math.ceilDiv(unitPixels, stripWidth);
            blockCols = Math.min(stripsPerBlock(strips, (flat ? 1 : batch) * weights.groups(), blocks), strips)
                    * stripWidth;
            colBlocks = Math.ceilDiv(unitPixels, blockCols);
            units = (flat ? 1 : batch) * weights.groups() * colBlocks;
            Side main = new Side(input, weights, packer, in, 0, 0, inputBlocked);
            sides = addend == null ? new Side[] {main}
                    : new Side[] {main, new Side(addend.input(), addend.weights(), addend.packer(), addendIn, main.k,
                            main.slices, addendBlocked)};
            packs = !main.direct || sides.length > 1 && !sides[1].direct;
            Side lastSide = sides[sides.length - 1];
            allSlices = lastSide.sliceBefore + lastSide.slices;
            int longest = 0;
            for (Side side : sides) {
                longest = Math.max(longest, side.sliceChannels * side.taps);
            }
            sliceTapsMax = longest;
            unitPanel = (lastSide.kBefore + lastSide.k) * blockCols;
            split = acrossImages || units < UNITS_PER_THREAD * threads && threads > 1;
            unpacked = split && !flat && packer.pointwise() && addend == null && !inputBlocked;
            rowBlocks = split ? Math.max(1, Math.min(weights.panels(), Math.ceilDiv(SPLIT_TASKS_PER_THREAD * threads, units))) : 1;
        }

        /**
         * Strips per pixel block: {@link #STRIPS_PER_BLOCK}, or a little fewer where that leaves the threads
         * uneven. Threads claim units in order, each the next when it is free, so the busiest thread's strips are
         * what a conv costs: 56×56 at batch 1 is 98 strips, 13 units of 8 (7 on one thread: 56 strips), or 14 of 7
         * (49 strips each, the even share). A plane's last unit counts as at least half a block: every unit streams
         * all the weights, and a unit of a strip or two (28×28: 25 strips, 8 + 8 + 8 + 1) is bound by that stream,
         * where 7 + 7 + 7 + 4 is not.
         */
        private int stripsPerBlock(int strips, int planes, boolean even) {
            int best = STRIPS_PER_BLOCK;
            long bestLoad = Long.MAX_VALUE;
            for (int perBlock = STRIPS_PER_BLOCK; perBlock >= MIN_STRIPS_PER_BLOCK; perBlock -= even ? 2 : 1) {
                long[] load = new long[threads];
                for (int plane = 0; plane < planes; plane++) {
                    for (int s0 = 0; s0 < strips; s0 += perBlock) {
                        int idlest = 0;
                        for (int t = 1; t < threads; t++) {
                            idlest = load[t] < load[idlest] ? t : idlest;
                        }
                        load[idlest] += Math.max(Math.min(perBlock, strips - s0), perBlock / 2);
                    }
                }
                long busiest = java.util.Arrays.stream(load).max().orElse(0);
                if (busiest < bestLoad) {
                    best = perBlock;
                    bestLoad = busiest;
                }
            }
            return best;
        }

        /** Units are ordered (image, group, pixel block); there is one "image" when units cross images. */
        int image(int unit) {
            return unit / (colBlocks * weights.groups());
        }

        int group(int unit) {
            return (unit / colBlocks) % weights.groups();
        }

        /** The unit's first pixel: in its image, or in the batch when units cross images. */
        int c0(int unit) {
            return (unit % colBlocks) * blockCols;
        }

        /** The unit's first pixel in the batch, image after image (the pixel-blocked layout's numbering). */
        int firstPixel(int unit) {
            return flat ? c0(unit) : image(unit) * pixels + c0(unit);
        }

        int cols(int unit) {
            return Math.min(blockCols, unitPixels - c0(unit));
        }

        /** The unit's width rounded up to whole strips: its panel's row length. */
        int ld(int unit) {
            return Math.ceilDiv(cols(unit), stripWidth) * stripWidth;
        }

        /** Where the unit's K slice of {@code side} starting at channel {@code ch0} lies in the split schedule's workspace. */
        int sliceOffset(int unit, Side side, int ch0) {
            return unit * unitPanel + (side.kBefore + ch0 * side.taps) * ld(unit);
        }

        /** Whether the slice of {@code side} from channel {@code ch0} starts every output's chain. */
        boolean first(Side side, int ch0) {
            return side == sides[0] && ch0 == 0;
        }

        /** Whether the slice of {@code side} ending at channel {@code ch1} ends every output's chain: the epilogue's. */
        boolean last(Side side, int ch1) {
            return side == sides[sides.length - 1] && ch1 == side.perGroup;
        }

        /** The main conv's input. */
        Side main() {
            return sides[0];
        }
    }

    /**
     * One input of the GEMM as a run sees it: the main conv's, or the addend's, each with its own shape, packer and
     * weights. A unit's panel holds the main conv's taps, then the addend's ({@code kBefore} taps in).
     */
    private final class Side {
        final int node, channels, height, width, plane, perGroup, taps, k, sliceChannels, slices, kBefore, sliceBefore;
        final WeightPanels weights;
        final ColumnPacker packer;
        /** The input is pixel-blocked. */
        final boolean blocked;
        /**
         * Blocked and 1×1 stride 1: its blocks are already the panels, the tiles read them where they lie. (The
         * unit's first pixel starts a block: units hold whole blocks, and start with an image unless they are
         * flat, or every image starts a block.)
         */
        final boolean direct;

        Side(int node, WeightPanels weights, ColumnPacker packer, Shape in, int kBefore, int sliceBefore,
                boolean blocked) {
            this.blocked = blocked;
            this.direct = blocked && packer.pointwise();
            this.node = node;
            this.weights = weights;
            this.packer = packer;
            channels = in.dim(1);
            height = in.dim(2);
            width = in.dim(3);
            plane = height * width;
            perGroup = channels / weights.groups();
            taps = packer.kernel() * packer.kernel();
            k = perGroup * taps;
            sliceChannels = weights.sliceTaps() / taps;
            slices = Math.ceilDiv(perGroup, sliceChannels);
            this.kBefore = kBefore;
            this.sliceBefore = sliceBefore;
        }

        /** Where this input's channels of one image and group start. */
        int xOff(Values v, int image, int group) {
            return v.offset(node) + (image * channels + group * perGroup) * plane;
        }
    }

    /**
     * The taps of the K slices a conv's tiles read its weights in, whole input channels of as many as
     * {@link #SLICE_TAPS} taps hold (at least one): how {@link WeightPanels} lays them out, and so the slices
     * {@link Geometry} cuts K into.
     */
    static int sliceTaps(Op.Conv2d conv) {
        int taps = conv.kernel() * conv.kernel();
        return Math.max(1, Math.min(conv.weight().dim(1), SLICE_TAPS / taps)) * taps;
    }
}
