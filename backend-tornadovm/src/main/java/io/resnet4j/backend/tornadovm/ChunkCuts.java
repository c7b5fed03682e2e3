package io.resnet4j.backend.tornadovm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Where a plan too long for one TornadoVM task graph is cut into a chain of task graphs, such that every value
 * crossing a cut is read only by the very next task graph.
 *
 * <p>Why that rule: TornadoVM hands a device buffer from one task graph to another of the same execution plan
 * ({@code persistOnDevice} in the producer, {@code consumeFromDevice} in the consumer) by taking it over from the
 * task graph that ran last ({@code TornadoTaskGraph.updatePersistedObjectState} in 5.2). A value from two task graphs
 * back did arrive intact on TornadoVM 5.2 + PoCL, but through no path TornadoVM documents, so the cuts do not rely on
 * it: they go where every live value was made in the chunk the cut closes (in a ResNet, between blocks, or inside a
 * block once the block's input is no longer needed).
 */
final class ChunkCuts {
    private ChunkCuts() {}

    /**
     * @param outputs  node id written by each step, in execution order
     * @param inputs   node ids read by each step (buffer roots: aliases already resolved)
     * @param maxTasks the most steps one chunk should hold
     * @return the index of each chunk's first step, the first being 0; a chunk is longer than {@code maxTasks}
     *         only where no cut within reach keeps the rule
     */
    static int[] starts(int[] outputs, int[][] inputs, int maxTasks) {
        int steps = outputs.length;
        int maxId = 0;
        for (int i = 0; i < steps; i++) {
            maxId = Math.max(maxId, outputs[i]);
            for (int in : inputs[i]) {
                maxId = Math.max(maxId, in);
            }
        }
        int[] producer = new int[maxId + 1];
        int[] lastRead = new int[maxId + 1];
        java.util.Arrays.fill(producer, -1);
        java.util.Arrays.fill(lastRead, -1);
        for (int i = 0; i < steps; i++) {
            producer[outputs[i]] = i;
            for (int in : inputs[i]) {
                lastRead[in] = Math.max(lastRead[in], i);
            }
        }
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        int start = 0;
        while (steps - start > maxTasks) {
            int chunkStart = start;
            IntUnaryOperator valid = cut -> validCut(cut, chunkStart, outputs, producer, lastRead) ? cut : -1;
            int cut = -1;
            for (int c = Math.min(steps - 1, start + maxTasks); c > start && cut < 0; c--) {
                cut = valid.applyAsInt(c);
            }
            for (int c = start + maxTasks + 1; c < steps && cut < 0; c++) {
                cut = valid.applyAsInt(c);
            }
            if (cut < 0) {
                break; // no cut keeps the rule: one long chunk to the end
            }
            starts.add(cut);
            start = cut;
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A cut before step {@code cut} is valid when every value read at or after it was made before it only in [start, cut). */
    private static boolean validCut(int cut, int start, int[] outputs, int[] producer, int[] lastRead) {
        for (int s = 0; s < cut; s++) {
            int id = outputs[s];
            if (producer[id] == s && lastRead[id] >= cut && s < start) {
                return false;
            }
        }
        return true;
    }
}
