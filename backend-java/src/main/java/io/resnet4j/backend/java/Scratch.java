package io.resnet4j.backend.java;

/**
 * Per-thread work buffers for the convolution (packed input columns, the output tile), grown on demand and
 * reused across ops and runs so that the hot path does not allocate.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private float[] panel = new float[0];
    private float[] tile = new float[0];
    private int[] rowBase = new int[0];
    private int[] colBase = new int[0];

    static Scratch get() {
        return LOCAL.get();
    }

    float[] panel(int size) {
        if (panel.length < size) {
            panel = new float[size];
        }
        return panel;
    }

    float[] tile(int size) {
        if (tile.length < size) {
            tile = new float[size];
        }
        return tile;
    }

    int[] rowBase(int size) {
        if (rowBase.length < size) {
            rowBase = new int[size];
        }
        return rowBase;
    }

    int[] colBase(int size) {
        if (colBase.length < size) {
            colBase = new int[size];
        }
        return colBase;
    }
}
