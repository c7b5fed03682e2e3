package io.resnet4j.backend.tornadovm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cut rule TornadoVM's device hand-over needs: a value made in one chunk is read only there or in the very next.
 * Checked on the step sequence of ResNet bottleneck blocks (the block input is read again by the last conv or the
 * downsample), where a cut by count alone would break it.
 */
class ChunkCutsTest {

    /** Steps of {@code blocks} bottleneck blocks, node 0 the input: conv1, conv2, [downsample], conv3 + residual. */
    private static List<int[]> bottlenecks(int blocks) {
        List<int[]> steps = new ArrayList<>(); // {output, inputs...}
        int next = 1;
        int x = 0;
        for (int b = 0; b < blocks; b++) {
            int c1 = next++;
            int c2 = next++;
            steps.add(new int[] {c1, x});
            steps.add(new int[] {c2, c1});
            int residual = x;
            if (b % 3 == 0) {
                residual = next++;
                steps.add(new int[] {residual, x});
            }
            int c3 = next++;
            steps.add(new int[] {c3, c2, residual});
            x = c3;
        }
        return steps;
    }

    private static int[] cuts(List<int[]> steps, int max) {
        int[] outputs = steps.stream().mapToInt(s -> s[0]).toArray();
        int[][] inputs = steps.stream().map(s -> java.util.Arrays.copyOfRange(s, 1, s.length)).toArray(int[][]::new);
        int[] starts = ChunkCuts.starts(outputs, inputs, max);
        // Every value read in chunk j was made in chunk j or j - 1, or is the input.
        int[] chunkOfNode = new int[steps.size() + 2];
        java.util.Arrays.fill(chunkOfNode, -1);
        for (int i = 0, c = 0; i < steps.size(); i++) {
            while (c + 1 < starts.length && starts[c + 1] <= i) {
                c++;
            }
            for (int in : inputs[i]) {
                int made = in == 0 ? -1 : chunkOfNode[in];
                assertTrue(in == 0 || made == c || made == c - 1,
                        "step " + i + " in chunk " + c + " reads node " + in + " made in chunk " + made);
            }
            chunkOfNode[outputs[i]] = c;
        }
        return starts;
    }

    @Test
    void cutsKeepEveryHandOverBetweenNeighbours() {
        for (int max = 1; max <= 12; max++) {
            int[] starts = cuts(bottlenecks(10), max);
            for (int c = 1; c < starts.length; c++) {
                // A block is at most 4 steps, so a chunk never needs more than max + 3.
                assertTrue(starts[c] - starts[c - 1] <= Math.max(max, 4) + 3, "max " + max);
            }
        }
    }

    @Test
    void aCutByCountAloneWouldStrandABlocksInputFromItsResidualRead() {
        // Steps: block 0 = 0..3 (with downsample), block 1 = 4..6, block 2 = 7..9; at most 2 per chunk.
        // By count the cuts would be 2, 4, 6, 8: block 1's conv3 (step 6) would read block 0's output, made by step 3
        // two chunks earlier. No cut at 5 or 6 avoids that, so the chunk from 4 runs to the end of block 1; the
        // last chunk likewise keeps block 2 whole, since its conv3 reads block 1's output.
        assertArrayEquals(new int[] {0, 2, 4, 7}, cuts(bottlenecks(3), 2));
    }

    @Test
    void aShortPlanIsOneChunk() {
        assertArrayEquals(new int[] {0}, cuts(bottlenecks(2), 48));
    }
}
