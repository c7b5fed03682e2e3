package io.resnet4j.backend.java;

import io.resnet4j.graph.Op;
import io.resnet4j.graph.rewrite.BatchNormFolding;

/**
 * A convolution's weights with any batch norm folded in, computed once at compile time, and each group's output
 * channels cut into the row panels that {@link Kernels#tile} multiplies at once: 12 rows where the kernels have
 * registers for it, else 6, with 4 or 1 for what is left. The folded copy replaces the original weights in the
 * backend; nothing else is kept. Each panel is k-major — its rows' weights of one k side by side — so a tile's
 * broadcasts read one sequential stream, which the hardware prefetchers follow even when the weights come from
 * memory (at batch 1 each weight is read once per forward: ResNet-50's 100 MB do not stay in cache). And K is cut
 * into the slices {@link ConvStep} multiplies one after another, every panel's piece of a slice next to the next
 * panel's: the panels of a block, slice by slice, are one stream too, where panel-major weights were a new
 * 12 KiB run per panel, each a cold start for the prefetchers. A 512→512 3×3 conv on 5×7 (K = 4608, one
 * thread, weights from L3) multiplied in 2.02–2.19 ms against 2.24–2.37 (in cache: 1.79).
 *
 * @param data          group after group, slice after slice, panel after panel: row r, tap t of panel p of group g
 *                      at {@link #at}{@code (g, p, t) + r}
 * @param sliceTaps     taps per K slice (the last slice of a group may be shorter)
 * @param bias          one value per output channel (the conv's bias, or zero, with the batch norm shift folded in)
 * @param panelRow      first row (within its group) of each panel
 * @param panelHeight   rows of each panel
 */
record WeightPanels(int groups, int rowsPerGroup, int k, int sliceTaps, float[] data, float[] bias, int[] panelRow,
        int[] panelHeight) {

    /**
     * Packs {@code conv}'s weights, folding {@code bn} (may be null) into them. The graph's tensors are only read.
     *
     * @param tallest   the tallest panel the kernels have (see {@link Kernels#tallestPanel()})
     * @param sliceTaps the taps of the K slices the weights are read in
     */
    static WeightPanels pack(Op.Conv2d conv, Op.BatchNorm bn, int tallest, int sliceTaps) {
        int cout = conv.outChannels();
        int groups = conv.groups();
        int rowsPerGroup = cout / groups;
        int k = conv.weight().dim(1) * conv.kernel() * conv.kernel();
        float[] w = conv.weight().data();
        int[] heights = heights(rowsPerGroup, tallest);
        int[] rows = firstRows(heights);
        float[] data = new float[cout * k];
        float[] bias = new float[cout];
        for (int o = 0; o < cout; o++) {
            float b = conv.bias() == null ? 0f : conv.bias().data()[o];
            bias[o] = bn == null ? b : BatchNormFolding.foldedBias(b, bn, o);
        }
        WeightPanels panels = new WeightPanels(groups, rowsPerGroup, k, sliceTaps, data, bias, rows, heights);
        for (int g = 0; g < groups; g++) {
            for (int p = 0; p < heights.length; p++) {
                for (int r = 0; r < heights[p]; r++) {
                    int o = g * rowsPerGroup + rows[p] + r;
                    double s = bn == null ? 1 : BatchNormFolding.scale(bn, o);
                    for (int t = 0; t < k; t++) {
                        // Folding in double and rounding once, as torch's float64 reference effectively does.
                        data[panels.at(g, p, t) + r] = bn == null ? w[o * k + t] : (float) (w[o * k + t] * s);
                    }
                }
            }
        }
        return panels;
    }

    /**
     * Where tap {@code t} of panel {@code p} of group {@code g} lies (its row 0; row r is r further): from a slice's
     * first tap, the {@code kLen} taps of that slice follow for {@link Kernels#tile}, {@code panelHeight[p]} apart.
     */
    int at(int g, int p, int t) {
        int sliceStart = t - t % sliceTaps;
        int sliceLength = Math.min(sliceTaps, k - sliceStart);
        return g * rowsPerGroup * k + sliceStart * rowsPerGroup + panelRow[p] * sliceLength
                + (t - sliceStart) * panelHeight[p];
    }

    /** The first row of each panel, from their heights. */
    static int[] firstRows(int[] heights) {
        int[] rows = new int[heights.length];
        for (int p = 1; p < heights.length; p++) {
            rows[p] = rows[p - 1] + heights[p - 1];
        }
        return rows;
    }

    int panels() {
        return panelHeight.length;
    }

    /** The same packed weights (the same array, not a copy) with another bias. */
    WeightPanels withBias(float[] newBias) {
        return new WeightPanels(groups, rowsPerGroup, k, sliceTaps, data, newBias, panelRow, panelHeight);
    }

    /** The first row (within its group) past panel {@code p - 1}: the group's row count for {@code p = panels()}. */
    int rowEnd(int p) {
        return p == panels() ? rowsPerGroup : panelRow[p];
    }

    /**
     * The end of a block of panels from {@code from} (before {@code to}) holding at most {@code maxRows} rows, and
     * at least one panel: a block of weights small enough to stay in L2 while every strip of a unit uses it.
     */
    int blockEnd(int from, int to, int maxRows) {
        int end = from + 1;
        for (int rows = panelHeight[from]; end < to && rows + panelHeight[end] <= maxRows; end++) {
            rows += panelHeight[end];
        }
        return end;
    }

    /**
     * Cuts {@code rows} into panel heights the kernels have: 12s where {@code tallest} allows, then 6s, then 4 or 1s
     * for the rest, with 6+2 taken as 4+4 (and 12+2 as 6+4+4) so that no group runs single-row panels it can
     * avoid (ResNeXt's groups of 8 rows).
     */
    static int[] heights(int rows, int tallest) {
        java.util.List<Integer> list = new java.util.ArrayList<>();
        if (tallest >= 12) {
            int twelves = rows / 12;
            rows %= 12;
            if (rows == 2 && twelves > 0) {
                twelves--;
                rows += 12;
            }
            for (int i = 0; i < twelves; i++) {
                list.add(12);
            }
        }
        int sixes = rows / 6;
        int rest = rows % 6;
        if (rest == 2 && sixes > 0) {
            sixes--;
            rest = 8;
        }
        for (int i = 0; i < sixes; i++) {
            list.add(6);
        }
        while (rest >= 4) {
            list.add(4);
            rest -= 4;
        }
        for (int i = 0; i < rest; i++) {
            list.add(1);
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
