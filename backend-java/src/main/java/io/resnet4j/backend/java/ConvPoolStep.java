package io.resnet4j.backend.java;

import io.resnet4j.tensor.Shape;

/**
 * A conv (with its folded batch norm and ReLU) and the max pool that alone reads it, as one step: ResNet's stem.
 * The conv's output, the largest value of the network (64 × 112 × 112 per image at 224×224, 26 MB at batch 8),
 * is never stored: each unit computes a band of its rows into a per-thread buffer that stays in L2 and pools
 * them from there. Unfused, the conv wrote that value out to memory and the pool read it back, and at batch 8
 * the pool alone took 2.7× ONNX Runtime's time for it.
 *
 * <p>A unit is a run of one image's pool rows, taken a band at a time; the conv rows two bands share (a 3×3,
 * stride-2 window's last row is the next window's first) move to the front of the buffer rather than being
 * computed again. Units are whole images unless the batch is too small to keep every thread busy; only there do
 * neighbouring units compute their shared rows twice. The conv's sums and the pool's maxima are those of the two
 * steps run apart ({@link ConvStep#computePixels}, {@link MaxPoolStep#poolRows}), so the bits are too.
 */
final class ConvPoolStep implements Step {
    /** Floats of a unit's band of conv rows: 512 KiB, half of Zen 4's L2, beside the conv's packed pixels. */
    private static final int BAND_FLOATS = 128 * 1024;
    /** Units per thread wanted where a batch has fewer images. */
    private static final int UNITS_PER_THREAD = 2;

    private final ConvStep conv;
    private final MaxPoolStep pool;
    private final int threads;
    private final Parallel.Task<Values> units = this::unit;

    /** @param pool a max pool whose input is {@code conv}'s output, read by nothing else */
    ConvPoolStep(ConvStep conv, MaxPoolStep pool, int threads) {
        if (!conv.computesPixels() || pool.input() != conv.output()) {
            throw new IllegalArgumentException(conv.label() + " and " + pool.label() + " do not fuse");
        }
        this.conv = conv;
        this.pool = pool;
        this.threads = threads;
    }

    @Override
    public int[] inputs() {
        return conv.inputs();
    }

    @Override
    public int output() {
        return pool.output();
    }

    @Override
    public String label() {
        return conv.label() + "+" + pool.label();
    }

    @Override
    public long macs(Shape[] shapes) {
        return conv.macs(shapes);
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        Shape out = values.shape(pool.output());
        parallel.forEach(out.dim(0) * chunks(out), values, units);
    }

    /** Runs of pool rows per image: one, unless the batch has fewer images than the threads want units. */
    private int chunks(Shape out) {
        return Math.min(out.dim(2), Math.max(1, Math.ceilDiv(UNITS_PER_THREAD * threads, out.dim(0))));
    }

    private void unit(Values values, int unit) {
        Shape mid = values.shape(conv.output());
        Shape out = values.shape(pool.output());
        int chunks = chunks(out);
        int image = unit / chunks;
        int chunk = unit % chunks;
        int channels = mid.dim(1), height = mid.dim(2), width = mid.dim(3);
        int outHeight = out.dim(2), outWidth = out.dim(3);
        int r0 = chunk * outHeight / chunks;
        int r1 = (chunk + 1) * outHeight / chunks;
        // Pool rows per band: as many as the buffer holds the conv rows of (at least one).
        int bandRows = Math.max(1, BAND_FLOATS / (channels * width));
        int perBand = 1;
        while (perBand < r1 - r0 && pool.rowsRead(perBand + 1) <= bandRows) {
            perBand++;
        }
        int ld = Math.max(bandRows, pool.rowsRead(perBand)) * width;
        float[] band = Scratch.get().products(channels * ld);
        float[] y = values.array(pool.output());
        int yImage = values.offset(pool.output()) + image * channels * outHeight * outWidth;
        int lo = 0, hi = 0; // the conv rows the band holds, row lo first
        for (int b0 = r0; b0 < r1; b0 += perBand) {
            int b1 = Math.min(r1, b0 + perBand);
            int from = pool.firstRowRead(b0);
            int to = pool.rowEndRead(b1, height);
            int computeFrom = from;
            if (hi > from && lo <= from) {
                // Rows [from, hi) were computed for the previous band: move them to the front.
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(band, c * ld + (from - lo) * width, band, c * ld, (hi - from) * width);
                }
                computeFrom = hi;
            }
            if (to > computeFrom) {
                conv.computePixels(values, image, computeFrom * width, (to - computeFrom) * width, band,
                        (computeFrom - from) * width, ld);
            }
            lo = from;
            hi = to;
            for (int c = 0; c < channels; c++) {
                pool.poolRows(band, c * ld - from * width, height, width, y, yImage + c * outHeight * outWidth, b0,
                        b1, outWidth);
            }
        }
    }
}
