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

    static Scratch get() {
        return LOCAL.get();
    }

    /** A packed K slice of one pixel block, kept in this thread's cache while the block's rows use it. */
    float[] panel(int size) {
        if (panel.length < size) {
            panel = new float[size];
        }
        return panel;
    }

    /** A Winograd unit's 16 matrix products (see WinogradConvStep), beside its transformed input in {@link #panel}. */
    float[] products(int size) {
        if (products.length < size) {
            products = new float[size];
        }
        return products;
    }

    /** A Winograd unit's rows of input or output values, split or transformed (see WinogradConvStep). */
    float[] rows(int size) {
        if (rows.length < size) {
            rows = new float[size];
        }
        return rows;
    }

    /** An input row's even columns, split by the packer of stride-2 convs (see ColumnPacker). */
    float[] evens(int size) {
        if (evens.length < size) {
            evens = new float[size];
        }
        return evens;
    }

    /** An input row's odd columns (see ColumnPacker). */
    float[] odds(int size) {
        if (odds.length < size) {
            odds = new float[size];
        }
        return odds;
    }

    /** Where each run of a strip starts (see ColumnPacker). */
    int[] runStarts(int size) {
        if (runStarts.length < size) {
            runStarts = new int[size];
        }
        return runStarts;
    }

    /** Each run's first input row and column (see ColumnPacker). */
    int[] runBases(int size) {
        if (runBases.length < size) {
            runBases = new int[size];
        }
        return runBases;
    }
}
