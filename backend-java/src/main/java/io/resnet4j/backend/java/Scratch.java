package io.resnet4j.backend.java;

/**
 * Per-thread work buffers for the convolution (a packed panel, the packer's run tables), grown on demand and
 * reused across ops and runs so that the hot path does not allocate.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private float[] panel = new float[0];
    private float[] products = new float[0];
    private float[] rows = new float[0];
    private float[] odds = new float[0];
    private float[] evens = new float[0];
    private int[] runStarts = new int[0];
    private int[] runBases = new int[0];
    private float[] padded = new float[0];
    private int[] pixelIndex = new int[0];
    private float[] image = new float[0];

    /** One image's output of a conv in NCHW order, before it is placed into pixel blocks (see ConvStep). */
    float[] image(int size) {
        image = atLeast(image, size);
        return image;
    }

    static Scratch get() {
        return LOCAL.get();
    }

    /** A packed K slice of one pixel block, kept in this thread's cache while the block's rows use it. */
    float[] panel(int size) {
        panel = atLeast(panel, size);
        return panel;
    }

    /**
     * A Winograd unit's 16 matrix products (see WinogradConvStep), beside its transformed input in {@link #panel};
     * or the sums of a conv unit whose pixels cross images (see ConvStep).
     */
    float[] products(int size) {
        products = atLeast(products, size);
        return products;
    }

    /** A Winograd unit's rows of input or output values, split or transformed (see WinogradConvStep). */
    float[] rows(int size) {
        rows = atLeast(rows, size);
        return rows;
    }

    /** An input row's even columns, split by the packer of stride-2 convs (see ColumnPacker). */
    float[] evens(int size) {
        evens = atLeast(evens, size);
        return evens;
    }

    /** An input row's odd columns (see ColumnPacker). */
    float[] odds(int size) {
        odds = atLeast(odds, size);
        return odds;
    }

    /** Where each run of a strip starts (see ColumnPacker). */
    int[] runStarts(int size) {
        runStarts = atLeast(runStarts, size);
        return runStarts;
    }

    /** Each run's first input row and column (see ColumnPacker). */
    int[] runBases(int size) {
        runBases = atLeast(runBases, size);
        return runBases;
    }

    /**
     * The band of input rows a block reads, one channel at a time, with the padding's zeros around it
     * (see ColumnPacker).
     */
    float[] padded(int size) {
        padded = atLeast(padded, size);
        return padded;
    }

    /** Where each pixel of a block reads its first tap in a padded plane (see ColumnPacker). */
    int[] pixelIndex(int size) {
        pixelIndex = atLeast(pixelIndex, size);
        return pixelIndex;
    }

    private static float[] atLeast(float[] buffer, int size) {
        return buffer.length < size ? new float[size] : buffer;
    }

    private static int[] atLeast(int[] buffer, int size) {
        return buffer.length < size ? new int[size] : buffer;
    }
}
