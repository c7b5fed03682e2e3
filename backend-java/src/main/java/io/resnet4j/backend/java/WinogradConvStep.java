package io.resnet4j.backend.java;

import io.resnet4j.graph.Op;
import io.resnet4j.graph.rewrite.BatchNormFolding;
import io.resnet4j.tensor.Shape;

/**
 * A 3×3, stride-1, padding-1 convolution (with its fused batch norm, residual add and ReLU) by Winograd's minimal
 * filtering F(2×2, 3×3): each 2×2 block of output pixels ("tile") is {@code Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A} for its
 * 4×4 input patch {@code d}, so a tile costs 16 multiply-adds per input channel instead of 36, 2.25× fewer.
 * Over all channels the 16 element-wise products become 16 matrix products [Cout×Cin]·[Cin×tiles], run on the
 * same register tiles as {@link ConvStep}.
 *
 * <p>Results differ from the direct convolution only by rounding (well inside the conformance tolerance), with
 * one exception the transforms would break: a non-finite or huge input value meets both signs of the transforms'
 * coefficients, and ∞ − ∞ gives NaN where the direct conv gives ±∞. So each image is checked first and an image
 * holding such a value is computed by the direct {@link ConvStep}. The check and the choice are per image and
 * per plane size, never per batch, so an item of a batch stays bit-identical to the same item run alone.
 *
 * <p>On planes of at least {@link #MIN_PLANE} pixels work is cut into units of (image, block of tiles); a unit
 * transforms its input patches for all channels into a per-thread buffer V (16 × Cin × block, strip-major like
 * {@link ColumnPacker}), multiplies into M (16 × Cout × block) and transforms M back into the output, with the
 * epilogue. The block is sized so that V and M stay in L2. Smaller planes of 12 to 64 tiles (ResNet's last stage:
 * 7×7 at 224×224; its last two at 160×200, 10×13 and 5×7) take the small-plane schedule instead
 * ({@link #smallPlane}): the batch's tiles, 16 to 64 columns per image, are one block, and the 16 products are the
 * parallel work. There ResNet-50's two stride-1 7×7 convs ran in
 * 9.8–10.1 ms at batch 8 against 14.9–15.1 ms direct, and in 2.29–2.39 ms at batch 1 against 2.72–2.76 ms
 * (in the network, 2 threads, alternating).
 */
final class WinogradConvStep implements Step {
    /** Positions of the 4×4 transformed patch: one matrix product each. */
    private static final int POSITIONS = 16;
    /** Largest |x| an image may hold for the transforms (sums of up to 16 such values) to stay far from overflow. */
    private static final float SAFE_MAGNITUDE = 1e30f;
    /** Floats of V (and of M) per unit: 256 KiB each, so both stay in a 512 KiB L2 (but see {@link Geometry}). */
    private static final int BUFFER_FLOATS = 64 * 1024;
    /**
     * Planes from this size on are cut into blocks of tiles per image; smaller ones either fit the small-plane
     * schedule ({@link #smallPlane}) or go direct.
     */
    static final int MIN_PLANE = 14 * 14;
    /**
     * The small-plane schedule gives each image its tiles rounded up to a multiple of this many columns: one AVX-512
     * vector. Every image's tiles get the same columns of the transformed matrices whatever the batch, so that an
     * image's columns never depend on it.
     */
    static final int SMALL_COLUMNS = 16;
    /** Fewer tiles than this per image (a 6×6 plane has 9) would leave a quarter of an image's columns empty. */
    static final int MIN_SMALL_TILES = 12;
    /** More tiles than this (four vectors' worth) take the per-image blocks, from {@link #MIN_PLANE} pixels on. */
    static final int MAX_SMALL_TILES = 64;
    /** With fewer channels the transforms, per tile and channel, weigh more than the products save. */
    static final int MIN_SMALL_CHANNELS = 128;

    private final ConvStep direct;
    private final int input;
    private final int residual;
    private final int output;
    private final int cin;
    private final int cout;
    /**
     * The transformed weights, position-major, each position's Cout rows cut into k-major panels as
     * {@link WeightPanels} cuts a conv's: row r of panel p, input channel c at
     * {@code u[(ξ·Cout + panelRow[p])·Cin + c·panelHeight[p] + r]}. Made on the first run that takes Winograd
     * ({@link #transformed}): 16/9 the size of the direct weights, which every conv holds anyway (planes of other
     * sizes and unsafe images run direct), so a conv that only ever sees planes Winograd does not take (ResNet's last
     * stage at 97×131: 4×5) never holds them.
     */
    private volatile float[] u;
    /**
     * The same weights for the small-plane schedule's products with tiles as rows ({@link Small#transposed}):
     * strips of {@code w} output channels, each strip's input channels one after another. Made on the first run
     * that takes that schedule; a conv holds this layout or {@link #u}, both only if it has run planes of both kinds.
     */
    private volatile float[] ut;
    /** What {@link #transformed} makes {@link #u} from; let go of once it has. */
    private Op.Conv2d source;
    private Op.BatchNorm sourceBn;
    private final float[] bias;
    private final int[] panelRow;
    private final int[] panelHeight;
    private final boolean relu;
    private final Kernels kernels;
    private final int threads;
    /** Whether the output is stored pixel-blocked ({@link PixelBlocks}), in blocks of {@link #blockWidth}. */
    private final boolean outputBlocked;
    private final int blockWidth;

    /**
     * @param direct the same conv as a direct step: for small planes and images with non-finite values
     * @param bn     the batch norm folded into the conv, or null
     */
    WinogradConvStep(ConvStep direct, Op.Conv2d conv, Op.BatchNorm bn, int input, int residual, int output,
            boolean relu, float[] bias, Kernels kernels, int threads) {
        this(direct, conv, bn, input, residual, output, relu, bias, kernels, threads, false);
    }

    /** @param outputBlocked whether the output is stored pixel-blocked (the direct conv set the same way) */
    private WinogradConvStep(ConvStep direct, Op.Conv2d conv, Op.BatchNorm bn, int input, int residual, int output,
            boolean relu, float[] bias, Kernels kernels, int threads, boolean outputBlocked) {
        this.direct = direct;
        this.input = input;
        this.residual = residual;
        this.output = output;
        this.cin = conv.inChannels();
        this.cout = conv.outChannels();
        this.panelHeight = WeightPanels.heights(cout, kernels.tallestPanel());
        this.panelRow = WeightPanels.firstRows(panelHeight);
        this.source = conv;
        this.sourceBn = bn;
        this.bias = bias;
        this.relu = relu;
        this.kernels = kernels;
        this.threads = threads;
        this.outputBlocked = outputBlocked;
        this.blockWidth = PixelBlocks.width(kernels);
    }

    /** Whether this step can store its output pixel-blocked: without a residual (read in NCHW by the transform). */
    boolean canStoreBlocked() {
        return residual < 0;
    }

    /** This step storing its output pixel-blocked if {@code blocked} marks it (its direct conv too). */
    WinogradConvStep withPixelBlocks(boolean[] blocked) {
        if (blocked[output] && !canStoreBlocked() || blocked[input] || residual >= 0 && blocked[residual]) {
            throw new IllegalArgumentException(direct.label() + " cannot take these pixel-blocked values");
        }
        if (source == null) {
            throw new IllegalStateException(direct.label() + ": layouts are chosen at plan time, before any run");
        }
        return new WinogradConvStep(direct.withPixelBlocks(blocked), source, sourceBn, input, residual, output, relu,
                bias, kernels, threads, blocked[output]);
    }

    @Override
    public int storedBlockWidth() {
        return outputBlocked ? blockWidth : 0;
    }

    /** Whether this step can compute {@code conv}: 3×3, stride 1, padding 1, no dilation, no groups, finite weights. */
    static boolean applies(Op.Conv2d conv) {
        if (conv.kernel() != 3 || conv.stride() != 1 || conv.padding() != 1 || conv.dilation() != 1
                || conv.groups() != 1) {
            return false;
        }
        for (float w : conv.weight().data()) {
            if (!(Math.abs(w) <= SAFE_MAGNITUDE)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #u}, made by the first caller (concurrent runs of one compiled graph wait for it). */
    private float[] transformed() {
        float[] t = u;
        if (t == null) {
            synchronized (this) {
                t = u;
                if (t == null) {
                    if (ut != null) { // the small-plane schedule made its layout first, and let go of the source
                        t = new float[POSITIONS * cout * cin];
                        copyTransformed(ut, t, false);
                    } else {
                        t = transformWeights(source, sourceBn, panelRow, panelHeight);
                    }
                    u = t;
                    source = null;
                    sourceBn = null;
                }
            }
        }
        return t;
    }

    /**
     * {@link #ut}, made by the first caller: the small-plane schedule's transformed weights as strips of output
     * channels. Made from {@link #u} if a larger plane made that first (its source is let go of then).
     */
    private float[] transposed(int strip) {
        float[] t = ut;
        if (t == null) {
            synchronized (this) {
                t = ut;
                if (t == null) {
                    t = new float[POSITIONS * Math.ceilDiv(cout, strip) * cin * strip];
                    this.strip = strip;
                    copyTransformed(u != null ? u : transformWeights(source, sourceBn, panelRow, panelHeight), t, true);
                    ut = t;
                    source = null;
                    sourceBn = null;
                }
            }
        }
        return t;
    }

    /** The strip width {@link #ut} was laid out for. */
    private int strip;

    /**
     * Copies transformed weights from one layout to the other: from {@link #u}'s panels to {@link #ut}'s strips
     * (position ξ, output channel o, input channel c at {@code ((ξ·strips + o / w)·Cin + c)·w + o % w}), or back.
     */
    private void copyTransformed(float[] from, float[] to, boolean toStrips) {
        int strips = Math.ceilDiv(cout, strip);
        for (int p = 0; p < panelHeight.length; p++) {
            for (int r = 0; r < panelHeight[p]; r++) {
                int o = panelRow[p] + r;
                for (int xi = 0; xi < POSITIONS; xi++) {
                    int panelAt = (xi * cout + panelRow[p]) * cin + r;
                    int stripAt = ((xi * strips + o / strip) * cin) * strip + o % strip;
                    for (int c = 0; c < cin; c++) {
                        int pi = panelAt + c * panelHeight[p];
                        int si = stripAt + c * strip;
                        if (toStrips) {
                            to[si] = from[pi];
                        } else {
                            to[pi] = from[si];
                        }
                    }
                }
            }
        }
    }

    /** Whether the transformed weights have been made: a conv that has only run direct has not. */
    boolean holdsTransformedWeights() {
        return u != null || ut != null;
    }

    /**
     * {@code G g Gᵀ} for every (output, input) channel pair, from the weights with the batch norm's scale folded in,
     * in double and rounded once. G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]].
     */
    private static float[] transformWeights(Op.Conv2d conv, Op.BatchNorm bn, int[] panelRow, int[] panelHeight) {
        int cin = conv.inChannels();
        int cout = conv.outChannels();
        float[] w = conv.weight().data();
        float[] u = new float[POSITIONS * cout * cin];
        // Where each output row's weights start within a position, and their stride: its panel's height.
        int[] rowStart = new int[cout];
        int[] rowStride = new int[cout];
        for (int p = 0; p < panelHeight.length; p++) {
            for (int r = 0; r < panelHeight[p]; r++) {
                rowStart[panelRow[p] + r] = panelRow[p] * cin + r;
                rowStride[panelRow[p] + r] = panelHeight[p];
            }
        }
        double[] g = new double[9];
        double[] t = new double[12];
        for (int o = 0; o < cout; o++) {
            double s = bn == null ? 1 : BatchNormFolding.scale(bn, o);
            for (int c = 0; c < cin; c++) {
                for (int i = 0; i < 9; i++) {
                    g[i] = w[(o * cin + c) * 9 + i] * s;
                }
                // t = G g (4×3), then u = t Gᵀ (4×4).
                for (int j = 0; j < 3; j++) {
                    t[j] = g[j];
                    t[3 + j] = (g[j] + g[3 + j] + g[6 + j]) / 2;
                    t[6 + j] = (g[j] - g[3 + j] + g[6 + j]) / 2;
                    t[9 + j] = g[6 + j];
                }
                int at = rowStart[o] + c * rowStride[o];
                int ps = cout * cin;
                for (int i = 0; i < 4; i++) {
                    double a = t[3 * i], b = t[3 * i + 1], d = t[3 * i + 2];
                    u[4 * i * ps + at] = (float) a;
                    u[(4 * i + 1) * ps + at] = (float) ((a + b + d) / 2);
                    u[(4 * i + 2) * ps + at] = (float) ((a - b + d) / 2);
                    u[(4 * i + 3) * ps + at] = (float) d;
                }
            }
        }
        return u;
    }

    @Override
    public int[] inputs() {
        return direct.inputs();
    }

    @Override
    public int output() {
        return output;
    }

    @Override
    public String label() {
        return direct.label();
    }

    ConvStep direct() {
        return direct;
    }

    /** The direct conv's multiply-adds, so that profiles compare both algorithms by the same work done. */
    @Override
    public long macs(Shape[] shapes) {
        return direct.macs(shapes);
    }

    @Override
    public long workspace(Shape[] shapes) {
        Shape in = shapes[input];
        // One flag per image (which images hold values the transforms cannot take), then the small-plane
        // schedule's V and M. As in execute, the small-plane schedule is asked first.
        if (smallPlane(in)) {
            Small g = new Small(in);
            return g.mOff + (long) POSITIONS * cout * g.ld;
        }
        if (winograd(in)) {
            return in.dim(0);
        }
        return direct.workspace(shapes);
    }

    /**
     * Whether a plane below {@link #MIN_PLANE} takes the small-plane schedule: 12 to 64 tiles (5×7 to 14×13 pixels;
     * the last stage of a ResNet at 224×224 is 7×7, at 160×200 5×7, the one before it 10×13) and at least
     * {@link #MIN_SMALL_CHANNELS} channels in and out. There the direct conv pads each image's pixels to whole
     * strips (or its units cross images) and packs 9 taps of every pixel; here an image's tiles fill whole vectors
     * of columns with 2.25× fewer multiply-adds. Measured against the direct conv alone (2 threads, batch 1 / 8): 7×7
     * with 128, 256, 512, 1024 channels 1.17 / 1.02, 1.31 / 1.29, 1.20 / 1.41, 1.24 / 1.71×; 5×7 with 512
     * 1.08 / 1.00× (with scalar transforms, one strip at a time). With vector transforms and strip pairs, as the
     * step's time over the direct one's: 5×7 with 512 channels 0.83–0.88 at batch 8; 10×13 with 256 channels
     * 0.78–0.87 at batch 8 and 0.61–0.78 at batch 1, with 128 0.36–0.43 at batch 8; 13×13 with 256 0.82–0.93 at
     * batch 8. Not taken: 5×5 (9 tiles) with 64 or 128 channels ran 0.74–0.80× the direct conv's speed.
     */
    static boolean smallPlane(Shape in, int outChannels) {
        int tiles = ((in.dim(2) + 1) / 2) * ((in.dim(3) + 1) / 2);
        return in.dim(2) * in.dim(3) < MIN_PLANE && smallEnough(in, outChannels);
    }

    /** 12 to 64 tiles, and enough channels in and out. */
    private static boolean smallEnough(Shape in, int outChannels) {
        int tiles = ((in.dim(2) + 1) / 2) * ((in.dim(3) + 1) / 2);
        return tiles >= MIN_SMALL_TILES && tiles <= MAX_SMALL_TILES
                && Math.min(in.dim(1), outChannels) >= MIN_SMALL_CHANNELS;
    }

    /**
     * {@link #smallPlane(Shape, int)}, or a larger plane of up to 64 tiles (14×14 to 16×16) whose per-image blocks
     * would be too few to keep the threads busy: the small-plane schedule splits its products by position and
     * row panels instead. ResNet-50's 14×14 convs (256 channels) at batch 1 ran in 0.46–0.49× the time, where one
     * block per image left one of 2 threads idle; at batch 8 (8 blocks) the per-image blocks stay 0.89–0.94× the
     * small-plane schedule's time.
     */
    private boolean smallPlane(Shape in) {
        return smallPlane(in, cout) || smallEnough(in, cout) && in.dim(0) * largeBlocks(in) < 2 * threads;
    }

    /** Blocks per image of the per-image schedule ({@link Geometry#blocks}) for this input. */
    private int largeBlocks(Shape in) {
        return geometry(in).blocks;
    }

    private static boolean winograd(Shape in) {
        return in.dim(2) * in.dim(3) >= MIN_PLANE;
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        Shape in = values.shape(input);
        if (smallPlane(in)) {
            executeSmall(values, parallel);
            return;
        }
        if (!winograd(in)) {
            direct.execute(values, parallel);
            return;
        }
        Geometry g = runGeometry(values);
        parallel.forEach(g.batch, values, checkImages);
        transformed(); // made here, once, rather than raced for by the units
        parallel.forEach(g.batch * g.blocks, values, units);
        float[] flags = values.workspace();
        for (int image = 0; image < g.batch; image++) {
            if (flags[image] != 0f) {
                direct.executeImage(values, image);
            }
        }
    }

    /*
     * The tasks of execute, made once: a run passes its Values beside them instead of capturing them in a lambda,
     * so that it allocates nothing. The workspace holds one flag per image: 1 where the transforms cannot take it.
     */
    private final Parallel.Task<Values> checkImages = this::checkImage;
    private final Parallel.Task<Values> units = this::unit;

    private void checkImage(Values values, int image) {
        Geometry g = runGeometry(values);
        values.workspace()[image] = safe(values.array(input), values.offset(input) + image * g.inImage, g.inImage)
                ? 0f : 1f;
    }

    private void unit(Values values, int unit) {
        Geometry g = runGeometry(values);
        int image = unit / g.blocks;
        if (values.workspace()[image] == 0f) {
            unit(g, values, transformed(), image, unit % g.blocks);
        }
    }

    /** The geometry of the last input shape: runs repeat shapes, and a warm run should allocate nothing. */
    private volatile Geometry last;

    private Geometry runGeometry(Values values) {
        return geometry(values.shape(input));
    }

    private Geometry geometry(Shape in) {
        Geometry g = last;
        if (g == null || !g.in.equals(in)) {
            g = new Geometry(in);
            last = g;
        }
        return g;
    }

    /** Whether every value is finite and of a magnitude the transforms take. */
    private static boolean safe(float[] x, int off, int len) {
        float max = 0;
        for (int i = off; i < off + len; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        return max <= SAFE_MAGNITUDE; // false for NaN, which Math.max keeps
    }


    /**
     * The sizes of one execution: tiles, blocks of tiles, buffers. Tiles are numbered row by row with one dummy
     * tile closing each row ({@code span} = tile columns + 1 per row), whose outputs are dropped. The dummy makes
     * tile row r's patches the consecutive values {@code r·span …} of split input rows laid end to end, so a block's
     * transforms run over whole strips of tiles however short the rows (7 tiles at 14×14, 14 at 28×28; shorter than
     * a 16-lane vector, they ran scalar). The strips a block needs stay the same or grow by one at most.
     */
    private final class Geometry {
        final Shape in;
        final int batch, height, width, plane, inImage, outImage, tileRows, tileCols, span, tiles, strip, block,
                blocks;

        Geometry(Shape in) {
            this.in = in;
            batch = in.dim(0);
            height = in.dim(2);
            width = in.dim(3);
            plane = height * width;
            inImage = cin * plane;
            outImage = cout * plane;
            tileRows = (height + 1) / 2;
            tileCols = (width + 1) / 2;
            span = tileCols + 1;
            tiles = tileRows * span;
            strip = kernels.stripWidth();
            int fit = BUFFER_FLOATS / (POSITIONS * Math.max(cin, cout)) / strip * strip;
            int wanted = Math.ceilDiv(tiles, strip) * strip;
            // At least a strip pair where the products take pairs (each broadcast weight feeding 4 vectors, not 2),
            // though V and M then outgrow the L2 budget: ResNet-50's 128-channel 28×28 convs at batch 8 ran
            // 0.90–0.92× the time with blocks of 64 tiles than of 32 (one JVM, alternating, 24 runs).
            // Not where that leaves fewer blocks than the threads want (ResNet-50's 14×14 at batch 1: one block).
            int least = Kernels.pairsFit(cin) && batch * Math.ceilDiv(tiles, 2 * strip) >= 2 * threads ? 2 * strip
                    : strip;
            block = Math.max(least, Math.min(fit, wanted));
            blocks = Math.ceilDiv(tiles, block);
        }

        /**
         * The tile rows a block of {@code n} tiles from {@code t0} touches, plus one (the next tile row's first
         * patch rows are the last ones' patch rows 2 and 3), plus the last dummy tile's next value: its split rows'
         * length.
         */
        int splitLength(int t0, int n) {
            return ((t0 + n - 1) / span - t0 / span + 2) * span + 1;
        }
    }

    /** One unit: the tiles {@code [t0, t0 + block)} of one image, all channels. */
    private void unit(Geometry g, Values values, float[] u, int image, int blockIndex) {
        int t0 = blockIndex * g.block;
        int n = Math.min(g.block, g.tiles - t0);
        int strips = Math.ceilDiv(n, g.strip);
        int ld = strips * g.strip;
        Scratch scratch = Scratch.get();
        float[] v = scratch.panel(POSITIONS * cin * ld);
        float[] m = scratch.products(POSITIONS * cout * ld);
        float[] rows = scratch.rows(4 * Math.max(g.splitLength(t0, n), ld));
        transformInput(g, values.array(input), values.offset(input) + image * g.inImage, t0, n, ld, v, rows);
        int w = g.strip;
        for (int xi = 0; xi < POSITIONS; xi++) {
            int vBase = xi * cin * ld;
            int mBase = xi * cout * ld;
            int uBase = xi * cout * cin;
            if (Kernels.pairsFit(cin)) {
                for (int p = 0; p < panelHeight.length; p++) {
                    int row = panelRow[p];
                    int s = 0;
                    for (; s + 1 < strips; s += 2) {
                        kernels.tilePair(panelHeight[p], u, uBase + row * cin, v, vBase + s * cin * w,
                                vBase + (s + 1) * cin * w, w, cin, m, mBase + row * ld + s * w, ld, 2 * w, false, false,
                                null, 0, null, 0, false);
                    }
                    if (s < strips) {
                        kernels.tile(panelHeight[p], u, uBase + row * cin, v, vBase + s * cin * w, w, cin, m,
                                mBase + row * ld + s * w, ld, w, false, false, null, 0, null, 0, false);
                    }
                }
            } else {
                // Long K (512 channels and more): one strip at a time, reused by every panel from L1 and L2.
                for (int s = 0; s < strips; s++) {
                    for (int p = 0; p < panelHeight.length; p++) {
                        int row = panelRow[p];
                        kernels.tile(panelHeight[p], u, uBase + row * cin, v, vBase + s * cin * w, w, cin, m,
                                mBase + row * ld + s * w, ld, w, false, false, null, 0, null, 0, false);
                    }
                }
            }
        }
        transformOutput(g, values, image, t0, n, ld, m, rows);
    }

    /**
     * V = Bᵀ d B for every tile of the block and every input channel, into
     * {@code v[ξ·Cin·ld + s·Cin·w + c·w + j]} for tile {@code t0 + s·w + j} (strip-major per position, as the
     * kernels read B). Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]]. Tiles past the block are
     * zero. Per channel, the four input rows of each tile row are first split into even and odd columns (padding
     * included) and laid end to end, patch row k of tile row r at {@code rows[2k·L + r·span …]} and
     * {@code rows[(2k+1)·L + r·span …]} (L the split length), so that the transform is one loop over consecutive
     * tiles reading consecutive values, a strip at a time.
     */
    private void transformInput(Geometry g, float[] x, int xOff, int t0, int n, int ld, float[] v, float[] rows) {
        int w = g.strip;
        int ps = cin * ld;
        for (int j = n; j < ld; j++) {
            int at = (j / w) * cin * w + j % w;
            for (int c = 0; c < cin; c++) {
                for (int xi = 0; xi < POSITIONS; xi++) {
                    v[xi * ps + at + c * w] = 0f;
                }
            }
        }
        int firstRow = t0 / g.span;
        int lastRow = (t0 + n - 1) / g.span;
        int length = g.splitLength(t0, n);
        int first = t0 - firstRow * g.span; // the block's first tile in the split rows
        for (int c = 0; c < cin; c++) {
            int plane = xOff + c * g.plane;
            // Input rows 2r − 1 (patch rows 0 and 2) and 2r (patch rows 1 and 3) of tile rows r = firstRow … lastRow + 1,
            // each split once: patch row 2 of tile row r is patch row 0 of tile row r + 1, a span further.
            for (int tr = firstRow; tr <= lastRow + 1; tr++) {
                int at = (tr - firstRow) * g.span;
                splitRow(x, plane, g, 2 * tr - 1, rows, at, length + at);
                splitRow(x, plane, g, 2 * tr, rows, 2 * length + at, 3 * length + at);
            }
            for (int k = 0; k < 4; k++) {
                rows[k * length + length - 1] = 0f; // read by the last dummy tile only
            }
            for (int s = 0; s * w < n; s++) {
                kernels.winogradInput(rows, length, 2 * length, g.span, first + s * w, Math.min(w, n - s * w), v, ps,
                        s * cin * w + c * w);
            }
        }
    }

    /**
     * Input row {@code row} with a zero on either side (the padding), split: {@code even[i]} is column {@code 2i − 1},
     * {@code odd[i]} column {@code 2i}, for every tile column i and one more. Rows outside the plane are zeros.
     */
    private void splitRow(float[] x, int plane, Geometry g, int row, float[] rows, int even, int odd) {
        int span = g.span;
        if (row < 0 || row >= g.height) {
            java.util.Arrays.fill(rows, even, even + span, 0f);
            java.util.Arrays.fill(rows, odd, odd + span, 0f);
            return;
        }
        int at = plane + row * g.width;
        rows[even] = 0f;
        rows[odd] = x[at];
        // Columns 2i − 1 and 2i both inside the row.
        int inside = (g.width - 1) / 2;
        kernels.deinterleave(x, at + 1, inside, rows, even + 1, rows, odd + 1);
        for (int i = inside + 1; i < span; i++) {
            rows[even + i] = 2 * i - 1 < g.width ? x[at + 2 * i - 1] : 0f;
            rows[odd + i] = 0f;
        }
    }

    /**
     * Y = Aᵀ M A for every tile and output channel, Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]], a strip of tiles at a time
     * into {@code rows} (the four outputs of tile j at {@code rows[q·ld + j]}), then written into the output tile
     * row by tile row (dummy tiles and pixels past the plane's edge dropped), with the epilogue on the rows written,
     * in {@link Kernels#tile}'s order: {@code relu?(y + bias + residual)}.
     */
    private void transformOutput(Geometry g, Values v, int image, int t0, int n, int ld, float[] m, float[] rows) {
        int ps = cout * ld;
        int w = g.strip;
        int firstRow = t0 / g.span;
        int lastRow = (t0 + n - 1) / g.span;
        float[] y = v.array(output);
        float[] res = v.arrayOrNull(residual);
        int resShift = v.shift(residual, output);
        for (int c = 0; c < cout; c++) {
            for (int s = 0; s * w < n; s++) {
                kernels.winogradOutput(m, ps, c * ld + s * w, Math.min(w, n - s * w), rows, s * w, ld);
            }
            int plane = v.offset(output) + image * g.outImage + c * g.plane;
            for (int tr = firstRow; tr <= lastRow; tr++) {
                int from = Math.max(t0, tr * g.span) - t0;
                int to = Math.min(t0 + n, tr * g.span + g.tileCols) - t0;
                if (to <= from) {
                    continue; // only the row's dummy tile is in this block
                }
                int col0 = 2 * (t0 + from - tr * g.span);
                int cols = Math.min(2 * (to - from), g.width - col0);
                for (int r = 0; r < 2 && 2 * tr + r < g.height; r++) {
                    if (outputBlocked) {
                        storeBlocked(g, v, image, c, 2 * tr + r, col0, cols, rows, 2 * r * ld + from,
                                (2 * r + 1) * ld + from);
                        continue;
                    }
                    int out = plane + (2 * tr + r) * g.width + col0;
                    kernels.interleave(rows, 2 * r * ld + from, rows, (2 * r + 1) * ld + from, cols, bias[c], res,
                            out + resShift, relu, y, out);
                }
            }
        }
    }


    /**
     * {@link #transformOutput}'s store of one run of an output row into a pixel-blocked output (no residual):
     * interleaved with the epilogue straight into its block, or, where the run crosses a block's end, into a
     * scratch row first and from there run by run.
     */
    private void storeBlocked(Geometry g, Values v, int image, int channel, int row, int col0, int cols, float[] rows,
            int even, int odd) {
        float[] y = v.array(output);
        int q = image * g.plane + row * g.width + col0;
        int at = v.offset(output) + PixelBlocks.at(q, channel, cout, blockWidth);
        if ((q & (blockWidth - 1)) + cols <= blockWidth) {
            kernels.interleave(rows, even, rows, odd, cols, bias[channel], null, 0, relu, y, at);
            return;
        }
        float[] line = Scratch.get().evens(cols);
        kernels.interleave(rows, even, rows, odd, cols, bias[channel], null, 0, relu, line, 0);
        for (int j = 0; j < cols; ) {
            int run = Math.min(cols - j, blockWidth - ((q + j) & (blockWidth - 1)));
            System.arraycopy(line, j, y, v.offset(output) + PixelBlocks.at(q + j, channel, cout, blockWidth), run);
            j += run;
        }
    }

    /*
     * The small-plane schedule. The whole batch is one block: image i's tiles are columns [c·i, c·i + tiles) of V
     * and M, c its tiles rounded up to 16 (the rest of its c zero), so the 16 products [Cout×Cin]·[Cin×c·batch] read
     * the transformed weights once per run however large the batch, and an image's columns never mix with
     * another's: every image gives the bits it gives alone. Three phases: input transforms (image × channel block),
     * products (position × block of row panels), output transforms with the epilogue (image × channel block). The
     * workspace holds the flags, then V, then M.
     */
    private static final int CHANNEL_BLOCK = 64;

    private final Parallel.Task<Values> smallInputs = this::smallInput;
    private final Parallel.Task<Values> smallProducts = this::smallProduct;
    private final Parallel.Task<Values> smallOutputs = this::smallOutput;
    private volatile Small lastSmall;

    private Small small(Values values) {
        Shape in = values.shape(input);
        Small g = lastSmall;
        if (g == null || !g.in.equals(in)) {
            g = new Small(in);
            lastSmall = g;
        }
        return g;
    }

    private void executeSmall(Values values, Parallel parallel) {
        Small g = small(values);
        parallel.forEach(g.batch, values, checkImages);
        if (g.transposed) {
            transposed(g.strip);
        } else {
            transformed();
        }
        parallel.forEach(g.batch * Math.ceilDiv(cin, CHANNEL_BLOCK), values, smallInputs);
        parallel.forEach(POSITIONS * g.rowBlocks, values, smallProducts);
        parallel.forEach(g.batch * Math.ceilDiv(cout, CHANNEL_BLOCK), values, smallOutputs);
        float[] flags = values.workspace();
        for (int image = 0; image < g.batch; image++) {
            if (flags[image] != 0f) {
                direct.executeImage(values, image);
            }
        }
    }

    /**
     * V = Bᵀ d B for one image's tiles and a block of its channels. Each channel's plane is copied into a zero-bordered
     * one ({@link Small#padded}), whose patch values the kernels gather, a vector of tiles at a time (an image's
     * tiles, padding columns included: those gather a border zero, and transform to zero). Split rows and a scalar
     * transform per tile row (4 tiles at 7×7) took 30% of a 5×7 conv's time with 512 channels.
     */
    private void smallInput(Values values, int task) {
        Small g = small(values);
        int blocks = Math.ceilDiv(cin, CHANNEL_BLOCK);
        int image = task / blocks;
        int c0 = (task % blocks) * CHANNEL_BLOCK;
        int c1 = Math.min(cin, c0 + CHANNEL_BLOCK);
        float[] x = values.array(input);
        float[] v = values.workspace();
        int ps = cin * g.ld;
        float[] padded = Scratch.get().rows(g.padded);
        java.util.Arrays.fill(padded, 0, g.padded, 0f); // the border; the inside is written per channel
        int chunk = g.chunk;
        for (int c = c0; c < c1; c++) {
            int plane = values.offset(input) + (image * cin + c) * g.plane;
            for (int row = 0; row < g.height; row++) {
                System.arraycopy(x, plane + row * g.width, padded, (row + 1) * g.paddedWidth + 1, g.width);
            }
            // An image's columns lie in one strip, or in two where vectors have 4 lanes (8-column strips).
            for (int t = 0; t < g.perImage; t += chunk) {
                kernels.winogradInputGathered(padded, 0, g.patchIndex, POSITIONS * t, chunk, v, ps,
                        g.vOff + g.column(image, t, c, cin));
            }
        }
    }

    /**
     * M = U·V for one position and a block of row panels, every strip of the batch's columns: strips two by two
     * ({@link Kernels#tilePair}: each broadcast weight feeds both), over K slices short enough for a pair
     * ({@link Kernels#pairsFit}; each output stays one ascending chain across slices, so the bits are one strip's at
     * a time). One strip at a time broadcast each weight for 2 vectors instead of 4.
     */
    private void smallProduct(Values values, int task) {
        Small g = small(values);
        if (g.transposed) {
            smallProductByTiles(g, values, task);
            return;
        }
        int xi = task / g.rowBlocks;
        int block = task % g.rowBlocks;
        int p0 = block * panelHeight.length / g.rowBlocks;
        int p1 = (block + 1) * panelHeight.length / g.rowBlocks;
        float[] ws = values.workspace();
        float[] weights = transformed();
        int w = g.strip;
        int slice = Kernels.pairsFit(cin) ? cin : ConvStep.SLICE_TAPS;
        for (int p = p0; p < p1; p++) {
            int row = panelRow[p];
            int h = panelHeight[p];
            int a = (xi * cout + row) * cin;
            int c = g.mOff + (xi * cout + row) * g.ld;
            for (int k0 = 0; k0 < cin; k0 += slice) {
                int kLen = Math.min(slice, cin - k0);
                int b = g.vOff + xi * cin * g.ld + k0 * w;
                int s = 0;
                for (; s + 1 < g.strips && (s + 1) * w < g.columns; s += 2) {
                    kernels.tilePair(h, weights, a + k0 * h, ws, b + s * cin * w, b + (s + 1) * cin * w, w, kLen, ws,
                            c + s * w, g.ld, Math.min(2 * w, g.columns - s * w), k0 > 0, false, null, 0, null, 0, false);
                }
                for (; s < g.strips; s++) {
                    kernels.tile(h, weights, a + k0 * h, ws, b + s * cin * w, w, kLen, ws, c + s * w, g.ld,
                            Math.min(w, g.columns - s * w), k0 > 0, false, null, 0, null, 0, false);
                }
            }
        }
    }

    /**
     * {@link #smallProduct} with tiles as rows and output channels as columns: Mᵀ = Vᵀ·Uᵀ, for one position and a
     * block of output channel strip pairs. Each broadcast value of V feeds four vectors of output channels
     * ({@link Kernels#pairRows}, 6 tiles at a time), where with output channels as rows an image's 16 columns (at
     * batch 1) left each broadcast weight one vector to feed. The same chains as the other orientation, so the
     * same bits. M is then tile-major: {@code m[mOff + (ξ·ld + q)·Cout + o]}.
     */
    private void smallProductByTiles(Small g, Values values, int task) {
        int xi = task / g.rowBlocks;
        int block = task % g.rowBlocks;
        int pairs = cout / (2 * g.strip);
        int pair0 = block * pairs / g.rowBlocks;
        int pair1 = (block + 1) * pairs / g.rowBlocks;
        float[] ws = values.workspace();
        float[] weights = transposed(g.strip);
        int w = g.strip;
        int coutStrips = cout / w;
        int slice = ConvStep.SLICE_TAPS;
        for (int k0 = 0; k0 < cin; k0 += slice) {
            int kLen = Math.min(slice, cin - k0);
            for (int pair = pair0; pair < pair1; pair++) {
                int b = ((xi * coutStrips + 2 * pair) * cin + k0) * w;
                for (int image = 0; image < g.batch; image++) {
                    // The image's tiles, a strip of V's columns at a time (an A row block never crosses strips).
                    for (int t = 0; t < g.tiles; ) {
                        int q = g.perImage * image + t;
                        int inStrip = Math.min(g.tiles - t, w - q % w);
                        for (int done = 0; done < inStrip; ) {
                            int left = inStrip - done;
                            int h = left >= 6 ? 6 : left >= 4 ? 4 : 1;
                            int row = q + done;
                            kernels.pairRows(h, ws, g.vOff + xi * cin * g.ld + (row / w) * cin * w + k0 * w + row % w, w,
                                    weights, b, b + cin * w, w, kLen, ws,
                                    g.mOff + (xi * g.ld + row) * cout + 2 * pair * w, cout, k0 > 0);
                            done += h;
                        }
                        t += inStrip;
                    }
                }
            }
        }
    }

    /** Y = Aᵀ M A for one image's tiles and a block of output channels, then relu?(y + bias + residual). */
    private void smallOutput(Values values, int task) {
        Small g = small(values);
        int blocks = Math.ceilDiv(cout, CHANNEL_BLOCK);
        int image = task / blocks;
        if (values.workspace()[image] != 0f) {
            return; // computed direct afterwards
        }
        int o0 = (task % blocks) * CHANNEL_BLOCK;
        int o1 = Math.min(cout, o0 + CHANNEL_BLOCK);
        float[] y = values.array(output);
        float[] res = values.arrayOrNull(residual);
        int resShift = values.shift(residual, output);
        float[] corners = Scratch.get().products(4 * Math.max(g.perImage, SMALL_COLUMNS));
        if (g.transposed) {
            // M is tile-major: per tile, 16 output channels at a time through the transform (lanes are channels).
            for (int t = 0; t < g.tiles; t++) {
                int row = 2 * (t / g.tileCols);
                int col = 2 * (t % g.tileCols);
                int src = g.mOff + (g.perImage * image + t) * cout;
                for (int o = o0; o < o1; o += SMALL_COLUMNS) {
                    int n = Math.min(SMALL_COLUMNS, o1 - o);
                    kernels.winogradOutput(values.workspace(), g.ld * cout, src + o, n, corners, 0, SMALL_COLUMNS);
                    for (int i = 0; i < n; i++) {
                        for (int q = 0; q < 4; q++) {
                            store(y, values.offset(output), image, g, row + q / 2, col + q % 2,
                                    corners[q * SMALL_COLUMNS + i], o + i, res, resShift);
                        }
                    }
                }
            }
            return;
        }
        for (int o = o0; o < o1; o++) {
            // All the image's columns: the padding ones cost nothing more in vectors, and are never stored.
            kernels.winogradOutput(values.workspace(), cout * g.ld, g.mOff + o * g.ld + g.perImage * image,
                    g.perImage, corners, 0, g.perImage);
            for (int t = 0; t < g.tiles; t++) {
                int row = 2 * (t / g.tileCols);
                int col = 2 * (t % g.tileCols);
                for (int q = 0; q < 4; q++) {
                    store(y, values.offset(output), image, g, row + q / 2, col + q % 2, corners[q * g.perImage + t],
                            o, res, resShift);
                }
            }
        }
    }

    /**
     * One output pixel with the epilogue, in {@link Kernels#tile}'s order, at its place in the output from
     * {@code yOff} (NCHW or pixel-blocked); pixels past the plane are dropped.
     */
    private void store(float[] y, int yOff, int image, Small g, int row, int col, float value, int channel,
            float[] res, int resShift) {
        if (row >= g.height || col >= g.width) {
            return;
        }
        int pixel = row * g.width + col;
        int at = yOff + (outputBlocked ? PixelBlocks.at(image * g.plane + pixel, channel, cout, blockWidth)
                : (image * cout + channel) * g.plane + pixel);
        float v = value + bias[channel];
        if (res != null) {
            v += res[at + resShift];
        }
        y[at] = relu ? Kernels.relu(v) : v;
    }

    /** The sizes of one small-plane execution. */
    private final class Small {
        final Shape in;
        final int batch, height, width, plane, tileRows, tileCols, tiles, strip, columns, ld, strips, vOff, mOff,
                rowBlocks;
        /** The zero-bordered copy of a plane that {@link #smallInput} gathers from: its row length and size. */
        final int paddedWidth, padded;
        /**
         * Where in that copy value (k, j) of column t's patch lies, per chunk of an image's columns as wide as a
         * strip (or all 16): {@code patchIndex[16·t0 + (4k + j)·chunk + t − t0]}. Columns past the tiles read the
         * copy's first value, a border zero.
         */
        final int[] patchIndex;
        /** Columns per image: its tiles rounded up to a vector's 16; the transforms' columns per call. */
        final int perImage, chunk;
        /**
         * Whether the products take tiles as rows ({@link #smallProductByTiles}): where the kernels have 6-row strip
         * pairs (AVX-512) and the output channels fill whole strip pairs (every ResNet's: multiples of 64).
         */
        final boolean transposed;

        Small(Shape in) {
            this.in = in;
            batch = in.dim(0);
            height = in.dim(2);
            width = in.dim(3);
            plane = height * width;
            tileRows = (height + 1) / 2;
            tileCols = (width + 1) / 2;
            tiles = tileRows * tileCols;
            strip = kernels.stripWidth();
            perImage = Math.ceilDiv(tiles, SMALL_COLUMNS) * SMALL_COLUMNS;
            columns = perImage * batch;
            ld = Math.ceilDiv(columns, strip) * strip;
            strips = ld / strip;
            vOff = batch;
            mOff = vOff + POSITIONS * cin * ld;
            transposed = kernels.tallestPanel() >= 12 && cout % (2 * strip) == 0;
            int blockable = transposed ? cout / (2 * strip) : panelHeight.length;
            rowBlocks = Math.max(1, Math.min(blockable, Math.ceilDiv(4 * threads, POSITIONS)));
            // Patch rows and columns run from −1 to 2·tiles (+1 in the copy): a border of one, and of two where the
            // size is odd and the last patches overhang it.
            paddedWidth = 2 * tileCols + 2;
            padded = (2 * tileRows + 2) * paddedWidth;
            chunk = Math.min(SMALL_COLUMNS, strip);
            patchIndex = new int[POSITIONS * perImage];
            for (int t = 0; t < tiles; t++) {
                int t0 = t / chunk * chunk;
                for (int k = 0; k < 4; k++) {
                    for (int j = 0; j < 4; j++) {
                        patchIndex[POSITIONS * t0 + (4 * k + j) * chunk + t - t0] =
                                (2 * (t / tileCols) + k) * paddedWidth + 2 * (t % tileCols) + j;
                    }
                }
            }
        }

        /** Where column (image, tile) of channel c lies in one position's V: strip-major, as the kernels read B. */
        int column(int image, int tile, int c, int channels) {
            int q = perImage * image + tile;
            return (q / strip) * channels * strip + c * strip + q % strip;
        }
    }
}
