package io.resnet4j.backend.java;

/**
 * A convolution with everything fused into it at compile time: folded batch norm (in {@code weights} and
 * {@code bias}), an optional residual add and an optional ReLU, applied while the result is still in cache.
 *
 * <p>Per image and group the conv is the GEMM [Cout×K]·[K×pixels] with K = Cin/groups·k·k. Each execution first
 * packs every pixel block once ({@link ColumnPacker}), in parallel, then cuts the multiply into tasks of (image,
 * group, pixel block, channel block); a task multiplies in slices of K that keep its panel in L2, then runs the
 * epilogue. Packing once matters for the late layers, whose few pixel blocks are shared by several channel blocks.
 */
final class ConvStep implements Step {
    /** Strips per pixel block: 128 pixels with AVX2's 16-wide strips. */
    private static final int STRIPS_PER_BLOCK = 8;
    /** K slice per multiply call: 256 taps × 128 pixels × 4 bytes = 128 KiB of panel, an L2-sized working set. */
    private static final int K_SLICE = 256;
    /** Fewer output channels per task would make tasks too small for the scheduling they cost. */
    private static final int MIN_ROWS_PER_TASK = 16;
    /** Packed panels held at once (floats, 64 MiB): large batches are packed and multiplied a few images at a time. */
    private static final int PANEL_BUDGET = 16 << 20;

    private final int input;
    private final int residual;
    private final int output;
    private final int groups;
    private final float[] weights;
    private final float[] bias;
    private final boolean relu;
    private final ColumnPacker packer;
    private final Kernels kernels;
    /** Packed panels, reused across runs (a compiled graph runs on one thread at a time). */
    private float[] panels = new float[0];

    /**
     * @param weights  out×(in/groups)×k×k, row-major, with any batch norm folded in
     * @param bias     one value per output channel (zeros if the conv had none)
     * @param residual the node added to the result, or −1
     */
    ConvStep(int input, int residual, int output, int groups, float[] weights, float[] bias, boolean relu,
            ColumnPacker packer, Kernels kernels) {
        this.input = input;
        this.residual = residual;
        this.output = output;
        this.groups = groups;
        this.weights = weights;
        this.bias = bias;
        this.relu = relu;
        this.packer = packer;
        this.kernels = kernels;
    }

    @Override
    public int[] inputs() {
        return residual < 0 ? new int[] {input} : new int[] {input, residual};
    }

    @Override
    public int output() {
        return output;
    }

    boolean fusesResidual() {
        return residual >= 0;
    }

    boolean fusesRelu() {
        return relu;
    }

    @Override
    public void execute(Activations values, Parallel parallel) {
        var in = values.shape(input);
        var out = values.shape(output);
        Geometry g = new Geometry(in.dim(0), in.dim(1), in.dim(2), in.dim(3), out.dim(1), out.dim(2), out.dim(3),
                kernels.stripWidth(), parallel.threads());
        float[] x = values.get(input);
        float[] res = residual < 0 ? null : values.get(residual);
        float[] y = values.allocate(output);
        int panelSize = g.k * g.blockCols;
        int panelsPerImage = groups * g.colBlocks;
        int imagesPerChunk = (int) Math.max(1, Math.min(g.batch, PANEL_BUDGET / ((long) panelSize * panelsPerImage)));
        if ((long) panelSize * panelsPerImage * imagesPerChunk > Integer.MAX_VALUE - 8) {
            throw new io.resnet4j.ResNet4jException("convolution too large: " + in + " → " + out);
        }
        if (panels.length < panelSize * panelsPerImage * imagesPerChunk) {
            panels = new float[panelSize * panelsPerImage * imagesPerChunk];
        }
        float[] p = panels;
        for (int first = 0; first < g.batch; first += imagesPerChunk) {
            int image0 = first;
            int images = Math.min(imagesPerChunk, g.batch - first);
            parallel.forEach(images * panelsPerImage, t -> pack(g, image0, t, x, p, panelSize));
            parallel.forEach(images * panelsPerImage * g.rowBlocks, t -> multiply(g, image0, t, p, panelSize, res, y));
        }
        values.put(output, y);
    }

    /** Packs panel {@code t} of the chunk starting at {@code image0}: panels are ordered (image, group, block). */
    private void pack(Geometry g, int image0, int t, float[] x, float[] panels, int panelSize) {
        int colBlock = t % g.colBlocks;
        int group = (t / g.colBlocks) % groups;
        int image = image0 + t / (g.colBlocks * groups);
        int w = g.stripWidth;
        int c0 = colBlock * g.blockCols;
        int cols = Math.min(g.blockCols, g.pixels - c0);
        int strips = (cols + w - 1) / w;
        packer.pack(x, (image * g.inChannels + group * g.inPerGroup) * g.inHeight * g.inWidth, g.inPerGroup,
                g.inHeight, g.inWidth, g.outWidth, c0, cols, strips, w, panels, t * panelSize, Scratch.get());
    }

    private void multiply(Geometry g, int image0, int task, float[] panels, int panelSize, float[] res, float[] y) {
        int rowBlock = task % g.rowBlocks;
        int panelIndex = task / g.rowBlocks;
        int colBlock = panelIndex % g.colBlocks;
        int group = (panelIndex / g.colBlocks) % groups;
        int image = image0 + panelIndex / (g.colBlocks * groups);

        int w = g.stripWidth;
        int c0 = colBlock * g.blockCols;
        int cols = Math.min(g.blockCols, g.pixels - c0);
        int strips = (cols + w - 1) / w;
        int r0 = rowBlock * g.blockRows;
        int rows = Math.min(g.blockRows, g.rowsPerGroup - r0);
        int k = g.k;
        int panel = panelIndex * panelSize;
        Scratch scratch = Scratch.get();

        int ldc = strips * w;
        float[] tile = scratch.tile(rows * ldc);
        int firstRow = group * g.rowsPerGroup + r0;
        for (int k0 = 0; k0 < k; k0 += K_SLICE) {
            kernels.multiply(weights, firstRow * k + k0, k, rows, panels, panel + k0 * w, k * w, strips,
                    Math.min(K_SLICE, k - k0), tile, ldc, k0 > 0);
        }
        for (int r = 0; r < rows; r++) {
            int channel = firstRow + r;
            int dst = (image * g.outChannels + channel) * g.pixels + c0;
            kernels.affine(tile, r * ldc, 1f, bias[channel], res, dst, relu, y, dst, cols);
        }
    }

    /** The sizes of one execution and how they are cut into tasks. */
    private final class Geometry {
        final int batch, inChannels, inHeight, inWidth, outChannels, outWidth;
        final int inPerGroup, rowsPerGroup, k, pixels, stripWidth;
        final int blockCols, colBlocks, blockRows, rowBlocks;

        Geometry(int batch, int inChannels, int inHeight, int inWidth, int outChannels, int outHeight, int outWidth,
                int stripWidth, int threads) {
            this.batch = batch;
            this.inChannels = inChannels;
            this.inHeight = inHeight;
            this.inWidth = inWidth;
            this.outChannels = outChannels;
            this.outWidth = outWidth;
            this.stripWidth = stripWidth;
            this.inPerGroup = inChannels / groups;
            this.rowsPerGroup = outChannels / groups;
            this.k = inPerGroup * packer.kernel() * packer.kernel();
            this.pixels = outHeight * outWidth;
            this.blockCols = Math.min(STRIPS_PER_BLOCK * stripWidth, roundUp(pixels, stripWidth));
            this.colBlocks = ceilDiv(pixels, blockCols);
            // Split channels only as far as needed to give every thread several tasks (late layers have few pixels).
            int outer = batch * groups * colBlocks;
            int wanted = ceilDiv(4 * threads, outer);
            int splits = Math.max(1, Math.min(wanted, rowsPerGroup / MIN_ROWS_PER_TASK));
            this.blockRows = roundUp(ceilDiv(rowsPerGroup, splits), 4);
            this.rowBlocks = ceilDiv(rowsPerGroup, blockRows);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
