package io.resnet4j.bench;

import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's float FMA peak as Java code can reach it: every thread runs independent FMA chains on
 * {@link FloatVector#SPECIES_PREFERRED}, enough of them to hide the FMA latency, with no memory traffic. The
 * bench divides a runtime's GFLOP/s by this number, so that "% of peak" means the same on every machine.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulators: latency (4-5 cycles) × FMA ports (2), with room to spare; 14 registers in all. */
    private static final int CHAINS = 12;
    private static final int STEPS = 1024;
    /** Warm-up calls are short, so that the JIT sees many invocations soon. */
    private static final int WARMUP_STEPS = 16;
    private static final int WARMUP_BATCH = 500;
    /** Well past C2's invocation thresholds (Tier4InvocationThreshold 5000, Tier4CompileThreshold 15000). */
    private static final long MIN_WARMUP_CALLS = 20_000;
    private static final long MAX_WARMUP_NANOS = 5_000_000_000L;
    private static final long ROUND_NANOS = 60_000_000L;
    /** The best of several short rounds: on a shared machine the quietest moment is the nearest to the peak. */
    private static final int ROUNDS = 5;

    /** Keeps the JIT from dropping the chains as dead code. */
    @SuppressWarnings("unused")
    private static volatile float sink;

    private FmaPeak() {}

    /** GFLOP/s over all {@code threads} (an FMA counts 2 FLOP per lane), the best of a few short rounds. */
    public record Result(double gflops, int threads, int vectorBits) {
        public String describe() {
            return String.format(Locale.ROOT, "%.1f GFLOP/s (%d thread%s, FloatVector %d-bit, %d independent FMA chains)",
                    gflops, threads, threads == 1 ? "" : "s", vectorBits, CHAINS);
        }
    }

    public static Result measure(int threads) {
        warmUp();
        long callsPerRound = Math.max(1, ROUND_NANOS / nanosPerCall());
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            best = Math.max(best, round(threads, callsPerRound));
        }
        return new Result(best, threads, SPECIES.vectorBitSize());
    }

    /**
     * Short calls until C2 has compiled the chains (before, each Vector API operation allocates and runs hundreds
     * of times slower): at least enough calls for C2's thresholds, then until three batches in a row got no
     * faster than the best batch so far.
     */
    private static void warmUp() {
        long deadline = System.nanoTime() + MAX_WARMUP_NANOS;
        long best = Long.MAX_VALUE;
        int calm = 0;
        for (long calls = 0; (calls < MIN_WARMUP_CALLS || calm < 3) && System.nanoTime() < deadline;
                calls += WARMUP_BATCH) {
            long t = System.nanoTime();
            float s = 0;
            for (int c = 0; c < WARMUP_BATCH; c++) {
                s += chains(1f, WARMUP_STEPS);
            }
            sink = s;
            long elapsed = System.nanoTime() - t;
            calm = elapsed * 10 < best * 9 ? 0 : calm + 1; // 10% faster than the best so far: still compiling
            best = Math.min(best, elapsed);
        }
    }

    /** One thread's time for one full call, compiled. */
    private static long nanosPerCall() {
        int calls = 16;
        long t = System.nanoTime();
        float s = 0;
        for (int c = 0; c < calls; c++) {
            s += chains(1f, STEPS);
        }
        sink = s;
        return Math.max(1, (System.nanoTime() - t) / calls);
    }

    /** All threads start together; the round lasts until the last one is done. */
    private static double round(int threads, long calls) {
        long[] t0 = new long[1];
        // The clock starts when the last thread arrives, before any is released: a worker that finished before
        // this thread read the clock would otherwise make the round look impossibly fast.
        CyclicBarrier start = new CyclicBarrier(threads + 1, () -> t0[0] = System.nanoTime());
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            float seed = 1f + i;
            workers[i] = Thread.ofPlatform().daemon().name("fma-peak-" + i).start(() -> {
                await(start);
                float s = 0;
                for (long c = 0; c < calls; c++) {
                    s += chains(seed, STEPS);
                }
                sink = s;
            });
        }
        await(start);
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the FMA peak", e);
            }
        }
        double seconds = (System.nanoTime() - t0[0]) / 1e9;
        double flops = 2.0 * SPECIES.length() * CHAINS * STEPS * calls * threads;
        return flops / seconds / 1e9;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException("FMA peak threads did not start together", e);
        }
    }

    /** CHAINS × steps dependent FMAs; c·a + b with a just below 1 keeps every value finite. */
    private static float chains(float seed, int steps) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.9999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1e-4f);
        FloatVector c0 = FloatVector.broadcast(SPECIES, seed);
        FloatVector c1 = c0.add(1f);
        FloatVector c2 = c0.add(2f);
        FloatVector c3 = c0.add(3f);
        FloatVector c4 = c0.add(4f);
        FloatVector c5 = c0.add(5f);
        FloatVector c6 = c0.add(6f);
        FloatVector c7 = c0.add(7f);
        FloatVector c8 = c0.add(8f);
        FloatVector c9 = c0.add(9f);
        FloatVector c10 = c0.add(10f);
        FloatVector c11 = c0.add(11f);
        for (int s = 0; s < steps; s++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
