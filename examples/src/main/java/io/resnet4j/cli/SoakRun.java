package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench --soak N}: N forwards of one compiled graph from several threads at once, each result compared bit
 * for bit with the same input's sequential result. Reports the heap after a full GC before and after (a leak
 * shows as growth), the mismatches, and a checksum of every result, so two soaks can be compared.
 */
final class SoakRun {
    private SoakRun() {}

    /** @return 0 if every result matched, 1 otherwise */
    static int run(PrintWriter out, CompiledGraph compiled, Shape shape, int forwards, int threads) {
        if (forwards < 1 || threads < 1) {
            throw new Main.UsageException("--soak and --soak-threads must be ≥ 1");
        }
        // One distinct input per thread, and its sequential result: what every concurrent run must reproduce.
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Tensor x = input(shape, t);
            inputs.add(x);
            expected.add(compiled.run(x).data());
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicInteger mismatches = new AtomicInteger();
        AtomicLong checksum = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // A short concurrent warm-up first, so that every execution context the backend lends exists (each holds
        // a run's buffers) before the heap is measured: growth after that point would be a leak.
        concurrently(pool, threads, 2 * threads, compiled, inputs, expected, mismatches, new AtomicLong());
        long heapBefore = heapAfterGc(memory);
        long start = System.nanoTime();
        try {
            concurrently(pool, threads, forwards, compiled, inputs, expected, mismatches, checksum);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long heapAfter = heapAfterGc(memory);
        out.printf(Locale.ROOT, "soak: %,d forwards of %s from %d threads in %.1f s (%.1f forwards/s)%n", forwards,
                shape, threads, seconds, forwards / seconds);
        out.printf(Locale.ROOT, "  heap after GC: %.1f MiB before, %.1f MiB after (%+.1f MiB)%n", heapBefore / 1048576.0,
                heapAfter / 1048576.0, (heapAfter - heapBefore) / 1048576.0);
        out.printf(Locale.ROOT, "  results identical to the sequential run: %,d of %,d; checksum %016x%n",
                forwards - mismatches.get(), forwards, checksum.get());
        out.flush();
        return mismatches.get() == 0 ? 0 : 1;
    }

    /** {@code forwards} runs shared by {@code threads} threads, each on its own input, checked against its result. */
    private static void concurrently(ExecutorService pool, int threads, int forwards, CompiledGraph compiled,
            List<Tensor> inputs, List<float[]> expected, AtomicInteger mismatches, AtomicLong checksum) {
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int which = t;
                done.add(pool.submit(() -> {
                    while (next.getAndIncrement() < forwards) {
                        float[] y = compiled.run(inputs.get(which)).data();
                        if (!Arrays.equals(y, expected.get(which))) {
                            mismatches.incrementAndGet();
                        }
                        checksum.addAndGet(Arrays.hashCode(y));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResNet4jException("soak interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof ResNet4jException r ? r : new ResNet4jException("soak failed", e.getCause());
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static Tensor input(Shape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Tensor.wrap(shape, v);
    }
}
