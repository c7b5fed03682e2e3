package io.resnet4j.cli;

import io.resnet4j.bench.PeerModel;
import io.resnet4j.bench.Timings;
import io.resnet4j.tensor.Tensor;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs several runtimes in turn — a, b, a, b … — warm-up first, so that each sees the same machine state
 * (clock speed, caches, the neighbours' load). Timing them one after the other would let a busy minute on a
 * shared machine land on one runtime only.
 *
 * <p>Warm-up lasts the runs asked for and then, unless none were, goes on until the JIT compiler is done: a round
 * with no compilation finished for {@link #QUIET_NANOS}, or {@link #MAX_JIT_WAIT_NANOS}. On 2 cores C2 compiled
 * for the first 7–8 s of a ResNet-50 process at about a third of the machine (sampled with perf), so three warm-up
 * runs at batch 1 (0.2 s) left every timed run of the JVM's runtime sharing its cores with the compiler, and the
 * native peer's not.
 */
final class AlternatingRuns {
    private AlternatingRuns() {}

    /** One runtime's forward pass on its bound input. */
    record Runner(String label, PeerModel.Forward forward) {}

    /**
     * Per runner, in order: its timings and the logits of its last run (to check that the runtimes agree); and the
     * warm-up rounds run beyond those asked for, until the JIT was done.
     */
    record Outcome(List<Timings> timings, List<Tensor> lastOutputs, int jitRounds) {}

    /** How long the JIT must have finished nothing for the warm-up to end. */
    static final long QUIET_NANOS = 2_000_000_000L;
    /** The longest the warm-up waits for the JIT compiler beyond the runs asked for. */
    static final long MAX_JIT_WAIT_NANOS = 20_000_000_000L;

    static Outcome run(List<Runner> runners, int warmup, int iterations) {
        int n = runners.size();
        Tensor[] last = new Tensor[n];
        for (int w = 0; w < warmup; w++) {
            round(runners, last);
        }
        int jitRounds = warmup == 0 ? 0 : untilCompilerIsDone(runners, last);
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
        return new Outcome(timings, List.of(last), jitRounds);
    }

    private static void round(List<Runner> runners, Tensor[] last) {
        for (int r = 0; r < runners.size(); r++) {
            last[r] = runners.get(r).forward().run();
        }
    }

    /**
     * Untimed rounds until the JIT has finished no compilation for {@link #QUIET_NANOS}; how many were run. A compile
     * counts when it ends, and C2 takes up to a second on the big kernels, so one quiet round proves nothing.
     */
    private static int untilCompilerIsDone(List<Runner> runners, Tensor[] last) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long start = System.nanoTime();
        long compiled = jit.getTotalCompilationTime();
        long lastCompile = start;
        int rounds = 0;
        for (long now = start; now - lastCompile < QUIET_NANOS && now - start < MAX_JIT_WAIT_NANOS; ) {
            round(runners, last);
            rounds++;
            now = System.nanoTime();
            long total = jit.getTotalCompilationTime();
            if (total != compiled) {
                compiled = total;
                lastCompile = now;
            }
        }
        return rounds;
    }
}
