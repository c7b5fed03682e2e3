package io.resnet4j.cli;

import io.resnet4j.bench.PeerModel;
import io.resnet4j.bench.Timings;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs several runtimes in turn — a, b, a, b … — warm-up first, so that each sees the same machine state
 * (clock speed, caches, the neighbours' load). Timing them one after the other would let a busy minute on a
 * shared machine land on one runtime only.
 */
final class AlternatingRuns {
    private AlternatingRuns() {}

    /** One runtime's forward pass on its bound input. */
    record Runner(String label, PeerModel.Forward forward) {}

    /** Per runner, in order: its timings and the logits of its last run (to check that the runtimes agree). */
    record Outcome(List<Timings> timings, List<Tensor> lastOutputs) {}

    static Outcome run(List<Runner> runners, int warmup, int iterations) {
        int n = runners.size();
        Tensor[] last = new Tensor[n];
        for (int w = 0; w < warmup; w++) {
            for (int r = 0; r < n; r++) {
                last[r] = runners.get(r).forward().run();
            }
        }
        double[][] seconds = new double[n][iterations];
        for (int i = 0; i < iterations; i++) {
            for (int r = 0; r < n; r++) {
                long start = System.nanoTime();
                last[r] = runners.get(r).forward().run();
                seconds[r][i] = (System.nanoTime() - start) / 1e9;
            }
        }
        List<Timings> timings = new ArrayList<>(n);
        for (double[] s : seconds) {
            timings.add(Timings.of(s));
        }
        return new Outcome(timings, List.of(last));
    }
}
