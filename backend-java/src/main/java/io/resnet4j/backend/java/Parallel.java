package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The backend's worker threads. {@link #forEach} publishes a job of {@code count} independent items; the calling
 * thread and the workers claim items from one counter until none are left, so uneven items balance themselves
 * and no task objects are made per item. Workers spin briefly before parking: a forward is a chain of short
 * parallel steps, and waking parked threads for each would cost latency and make it uneven. Several callers may
 * run jobs at once (concurrent runs of compiled graphs); the workers serve them all.
 */
final class Parallel implements AutoCloseable {
    /** How long an idle worker spins before parking: longer than the serial gap between two steps. */
    private static final long SPIN_NANOS = 200_000;
    /** Concurrent jobs the workers can see; beyond that (many graphs run at once) a caller works alone. */
    private static final int SLOTS = 64;

    private final int threads;
    private final Thread[] workers;
    /** Jobs being worked on, in fixed slots so that a spinning worker's scan allocates nothing. */
    private final AtomicReferenceArray<Job> jobs = new AtomicReferenceArray<>(SLOTS);
    private volatile boolean closed;

    Parallel(int threads) {
        if (threads < 1) {
            throw new ResNet4jException("java backend: thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("resnet4j-java-" + (i + 1)).unstarted(this::work);
            workers[i].start();
        }
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
        if (workers.length == 0 || count == 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        Job job = new Job(task, count, Thread.currentThread());
        int slot = publish(job);
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        job.runItems();
        job.awaitDone();
        if (slot >= 0) {
            jobs.set(slot, null);
        }
        if (job.failure != null) {
            if (job.failure instanceof RuntimeException e) {
                throw e;
            }
            if (job.failure instanceof Error e) {
                throw e;
            }
            throw new ResNet4jException("java backend: a worker failed", job.failure);
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
            Job job = nextJob();
            if (job != null) {
                job.runItems();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 10_000_000);
                idleSince = System.nanoTime() - SPIN_NANOS / 2;
            }
        }
    }

    /** Puts the job where workers look; −1 if every slot is taken (then its caller runs it alone). */
    private int publish(Job job) {
        for (int i = 0; i < SLOTS; i++) {
            if (jobs.get(i) == null && jobs.compareAndSet(i, null, job)) {
                return i;
            }
        }
        return -1;
    }

    private Job nextJob() {
        for (int i = 0; i < SLOTS; i++) {
            Job job = jobs.get(i);
            if (job != null && job.hasItems()) {
                return job;
            }
        }
        return null;
    }

    /** One {@link #forEach} call: items are claimed from {@code next}; the owner sleeps until {@code done}. */
    private static final class Job {
        private final IntConsumer task;
        private final int count;
        private final Thread owner;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Job(IntConsumer task, int count, Thread owner) {
            this.task = task;
            this.count = count;
            this.owner = owner;
        }

        boolean hasItems() {
            return next.get() < count;
        }

        void runItems() {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                try {
                    if (failure == null) {
                        task.accept(i);
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
