package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each node's value lives for one input shape, decided before the run: one arena, each value at an offset,
 * a value's space reused once its last reader has run (first fit over the free intervals). Together with the
 * largest step workspace this is everything a run needs, so it can be checked against the heap up front.
 *
 * @param shapes    every node's shape
 * @param offsets   every node's offset in the arena, {@link #INPUT} for the caller's input (and views of it)
 * @param arena     floats of the arena
 * @param workspace floats of the largest step workspace
 */
record MemoryPlan(Shape input, Shape[] shapes, int[] offsets, long arena, long workspace) {
    static final int INPUT = -1;
    /** Values start on 64-byte cache lines. */
    private static final int ALIGN = 16;

    long bytes() {
        return 4 * (arena + workspace);
    }

    /**
     * @param lastUse for each node, the index of the last step that reads it (−1: none)
     * @param aliasOf for each node, the node whose storage it shares (itself unless a view such as Flatten)
     */
    static MemoryPlan of(Shape input, Shape[] shapes, List<Step> steps, int[] lastUse, int[] aliasOf) {
        long[] floats = new long[shapes.length];
        for (int node = 0; node < shapes.length; node++) {
            floats[node] = shapes[node].size();
        }
        return of(input, shapes, floats, steps, lastUse, aliasOf);
    }

    /** @param floats for each node, the floats its value takes in its layout (more than its size if pixel-blocked) */
    static MemoryPlan of(Shape input, Shape[] shapes, long[] floats, List<Step> steps, int[] lastUse, int[] aliasOf) {
        int n = shapes.length;
        // A storage lives until the last reader of any view of it.
        int[] end = new int[n];
        for (int node = 0; node < n; node++) {
            end[node] = -1;
        }
        for (int node = 0; node < n; node++) {
            int root = aliasOf[node];
            end[root] = Math.max(end[root], lastUse[node]);
        }
        long[] offsets = new long[n];
        java.util.Arrays.fill(offsets, INPUT);
        TreeMap<Long, Long> free = new TreeMap<>(); // offset → length
        long top = 0;
        long workspace = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            int out = step.output();
            if (aliasOf[out] != out) {
                offsets[out] = offsets[aliasOf[out]];
            } else {
                long size = roundUp(floats[out]);
                Long at = firstFit(free, size);
                if (at == null) {
                    at = top;
                    top += size;
                    // A free interval touching the top is merged into the new value instead of left behind.
                    Map.Entry<Long, Long> last = free.lastEntry();
                    if (last != null && last.getKey() + last.getValue() == at) {
                        free.remove(last.getKey());
                        at = last.getKey();
                        top = at + size;
                    }
                } else {
                    long length = free.remove(at);
                    if (length > size) {
                        free.put(at + size, length - size);
                    }
                }
                offsets[out] = at;
            }
            workspace = Math.max(workspace, step.workspace(shapes));
            for (int node : step.inputs()) {
                release(node, i, end, aliasOf, offsets, floats, free);
            }
            release(out, i, end, aliasOf, offsets, floats, free); // a value nobody reads (the output, a tap)
        }
        if (top > Integer.MAX_VALUE - 8) {
            throw new ResNet4jException(String.format(java.util.Locale.ROOT,
                    "input %s: the activations need %.1f GB, more than one Java array holds (8 GB); use a smaller batch",
                    input, 4 * top / 1e9));
        }
        int[] intOffsets = new int[n];
        for (int node = 0; node < n; node++) {
            intOffsets[node] = (int) offsets[node];
        }
        return new MemoryPlan(input, shapes, intOffsets, top, workspace);
    }

    private static void release(int node, int step, int[] end, int[] aliasOf, long[] offsets, long[] floats,
            TreeMap<Long, Long> free) {
        int root = aliasOf[node];
        if (end[root] > step || offsets[root] == INPUT || end[root] == Integer.MIN_VALUE) {
            return;
        }
        end[root] = Integer.MIN_VALUE; // released once
        long at = offsets[root];
        long length = roundUp(floats[root]);
        Map.Entry<Long, Long> before = free.floorEntry(at);
        if (before != null && before.getKey() + before.getValue() == at) {
            free.remove(before.getKey());
            at = before.getKey();
            length += before.getValue();
        }
        Long after = free.get(at + length);
        if (after != null) {
            free.remove(at + length);
            length += after;
        }
        free.put(at, length);
    }

    private static Long firstFit(TreeMap<Long, Long> free, long size) {
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            if (e.getValue() >= size) {
                return e.getKey();
            }
        }
        return null;
    }

    private static long roundUp(long floats) {
        return (floats + ALIGN - 1) / ALIGN * ALIGN;
    }
}
