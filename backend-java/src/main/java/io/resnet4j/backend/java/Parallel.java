package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The backend's worker threads: runs {@code count} independent tasks on one {@link ForkJoinPool}. Ops cut their
 * work into tasks coarse enough that splitting down to single tasks costs nothing worth measuring.
 */
final class Parallel implements AutoCloseable {
    private final int threads;
    private final ForkJoinPool pool;
    private volatile boolean closed;

    Parallel(int threads) {
        if (threads < 1) {
            throw new ResNet4jException("java backend: thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    int threads() {
        return threads;
    }

    /** Work on the items {@code [from, to)} of a range. */
    interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, count)} cut into contiguous ranges: at most four per thread (to even
     * out uneven progress) and none smaller than {@code minPerTask} items (so tiny ops stay on one thread).
     */
    void forRanges(int count, int minPerTask, RangeBody body) {
        int tasks = Math.max(1, Math.min(4 * threads, count / Math.max(1, minPerTask)));
        forEach(tasks, t -> body.run((int) ((long) count * t / tasks), (int) ((long) count * (t + 1) / tasks)));
    }

    /** Runs {@code task.accept(i)} for every {@code i < count} and returns when all are done. */
    void forEach(int count, IntConsumer task) {
        ensureOpen();
        if (pool == null || count == 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        try {
            pool.invoke(new Range(task, 0, count));
        } catch (RejectedExecutionException e) {
            throw new ResNet4jException("java backend is closed", e);
        }
    }

    void ensureOpen() {
        if (closed) {
            throw new ResNet4jException("java backend is closed: open a new one with Backends.open(\"java\")");
        }
    }

    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Splits [from, to) in halves until one task is left. */
    private static final class Range extends RecursiveAction {
        private final transient IntConsumer task;
        private final int from;
        private final int to;

        Range(IntConsumer task, int from, int to) {
            this.task = task;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                task.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(task, from, mid), new Range(task, mid, to));
        }
    }
}
