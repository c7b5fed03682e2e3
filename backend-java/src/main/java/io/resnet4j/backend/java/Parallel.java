package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The backend's worker threads. {@link #forEach} publishes a job of {@code count} independent items; the calling
 * thread and the workers claim items from one counter until none are left, so uneven items balance themselves
 * and no task objects are made per item. Workers spin briefly before parking: a forward is a chain of short
 * parallel steps, and waking parked threads for each would cost latency and make it uneven. Several callers may
 * run jobs at once (concurrent runs of compiled graphs); the workers serve them all.
 *
 * <p>Nothing is allocated per job: jobs live in fixed slots and are reused, and callers pass their per-run state
 * beside a task object made once (a step's field), not a lambda capturing that state. A warm forward of ResNet-50
 * made 13 KB of garbage per run in job and lambda objects before.
 */
final class Parallel implements AutoCloseable {
    /** How long an idle worker spins before parking: longer than the serial gap between two steps. */
    private static final long SPIN_NANOS = 200_000;
    /** Concurrent jobs the workers can see; beyond that (many graphs run at once) a caller works alone. */
    private static final int SLOTS = 64;

    private final int threads;
    private final Thread[] workers;
    /** One reusable job per slot; a caller owns a slot from publishing its job to its end. */
    private final Job[] jobs = new Job[SLOTS];
    private final AtomicIntegerArray owned = new AtomicIntegerArray(SLOTS);
    private volatile boolean closed;

    Parallel(int threads) {
        if (threads < 1) {
            throw new ResNet4jException("java backend: thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        for (int i = 0; i < SLOTS; i++) {
            jobs[i] = new Job();
        }
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("resnet4j-java-" + (i + 1)).unstarted(this::work);
            workers[i].start();
        }
    }

    int threads() {
        return threads;
    }

    /** One item of a job, given the caller's state for this run. */
    interface Task<S> {
        void run(S state, int item);
    }

    /** Work on the items {@code [from, to)} of a range, given the caller's state for this run. */
    interface RangeTask<S> {
        void run(S state, int from, int to);
    }

    /**
     * Runs {@code task} over {@code [0, count)} cut into contiguous ranges: at most four per thread (to even
     * out uneven progress) and none smaller than {@code minPerTask} items (so tiny ops stay on one thread).
     */
    <S> void forRanges(int count, int minPerTask, S state, RangeTask<S> task) {
        int ranges = Math.max(1, Math.min(4 * threads, count / Math.max(1, minPerTask)));
        run(ranges, count, state, null, task);
    }

    /** Runs {@code task.run(state, i)} for every {@code i < count} and returns when all are done. */
    <S> void forEach(int count, S state, Task<S> task) {
        run(count, 0, state, task, null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void run(int count, int rangeOf, Object state, Task task, RangeTask rangeTask) {
        ensureOpen();
        if (workers.length == 0 || count == 1) {
            for (int i = 0; i < count; i++) {
                Job.runOne(i, count, rangeOf, state, task, rangeTask);
            }
            return;
        }
        int slot = acquire();
        if (slot < 0) {
            for (int i = 0; i < count; i++) {
                Job.runOne(i, count, rangeOf, state, task, rangeTask);
            }
            return;
        }
        Job job = jobs[slot];
        Throwable failure;
        try {
            long generation = job.start(count, rangeOf, state, task, rangeTask, Thread.currentThread());
            for (Thread worker : workers) {
                LockSupport.unpark(worker);
            }
            job.runItems(generation);
            job.awaitDone();
            failure = job.finish();
        } finally {
            owned.set(slot, 0);
        }
        if (failure != null) {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new ResNet4jException("java backend: a worker failed", failure);
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
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    private void work() {
        long idleSince = System.nanoTime();
        while (!closed) {
            boolean worked = false;
            for (int i = 0; i < SLOTS; i++) {
                // The owned flags share a few cache lines; a job's own fields are read only where a caller is.
                if (owned.get(i) != 0) {
                    worked |= jobs[i].help();
                }
            }
            if (worked) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 10_000_000);
                idleSince = System.nanoTime() - SPIN_NANOS / 2;
            }
        }
    }

    /** A free slot, now owned by the caller; −1 if every slot is taken (then its caller runs the job alone). */
    private int acquire() {
        for (int i = 0; i < SLOTS; i++) {
            if (owned.get(i) == 0 && owned.compareAndSet(i, 0, 1)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One slot's job, reused call after call. Items are claimed by compare-and-set on {@code claims}, which holds
     * the job's generation (high 32 bits) beside the next item: a worker that looked at the previous job a moment
     * too long cannot claim an item of the next, since its claim names the old generation and fails. A job's
     * fields are written between publishing its generation closed and opening it, and stay until every item is
     * done, which needs every claimed item to finish, so a successful claim always reads its own job's fields.
     */
    private static final class Job {
        private final AtomicLong claims = new AtomicLong();
        private final AtomicInteger done = new AtomicInteger();
        private volatile int count;
        private volatile int rangeOf;
        private volatile Object state;
        @SuppressWarnings("rawtypes")
        private volatile Task task;
        @SuppressWarnings("rawtypes")
        private volatile RangeTask rangeTask;
        private volatile Thread owner;
        private volatile Throwable failure;

        @SuppressWarnings("rawtypes")
        long start(int count, int rangeOf, Object state, Task task, RangeTask rangeTask, Thread owner) {
            // The new generation first, with no item to claim: a worker still comparing the old generation's next
            // item with the new count would otherwise claim an item that does not exist.
            long generation = ((claims.get() >>> 32) + 1) & 0xFFFF_FFFFL; // wraps after 2³² jobs, never to itself
            claims.set(generation << 32 | Integer.MAX_VALUE);
            this.count = count;
            this.rangeOf = rangeOf;
            this.state = state;
            this.task = task;
            this.rangeTask = rangeTask;
            this.owner = owner;
            this.failure = null;
            done.set(0);
            claims.set(generation << 32);
            return generation;
        }

        /** Ends the job: lets go of the caller's objects and says how it failed, if it did. */
        Throwable finish() {
            Throwable f = failure;
            state = null;
            task = null;
            rangeTask = null;
            owner = null;
            failure = null;
            return f;
        }

        /** A worker's visit: runs the items it can claim; whether there were any. */
        boolean help() {
            long c = claims.get();
            if ((int) c >= count) {
                return false;
            }
            runItems(c >>> 32);
            return true;
        }

        void runItems(long generation) {
            while (true) {
                long c = claims.get();
                int item = (int) c;
                if (c >>> 32 != generation || item >= count) {
                    return;
                }
                if (!claims.compareAndSet(c, c + 1)) {
                    continue;
                }
                try {
                    if (failure == null) {
                        runOne(item, count, rangeOf, state, task, rangeTask);
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (done.incrementAndGet() == count) {
                        LockSupport.unpark(owner);
                    }
                }
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        static void runOne(int item, int count, int rangeOf, Object state, Task task, RangeTask rangeTask) {
            if (rangeTask == null) {
                task.run(state, item);
            } else {
                rangeTask.run(state, (int) ((long) rangeOf * item / count), (int) ((long) rangeOf * (item + 1) / count));
            }
        }

        void awaitDone() {
            long start = System.nanoTime();
            while (done.get() < count) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }
}
