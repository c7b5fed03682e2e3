package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The worker pool reuses its job objects call after call, so a worker that is late to one job must never claim an
 * item of the next one in the same slot: many callers at once, jobs of every size, every item run exactly once
 * with its own job's state.
 */
class ParallelTest {

    @Test
    void everyItemRunsOnceWithItsOwnJobsStateUnderConcurrentCallers() throws Exception {
        try (Parallel parallel = new Parallel(4)) {
            Parallel.Task<AtomicIntegerArray> count = (runs, item) -> runs.incrementAndGet(item);
            ExecutorService callers = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < 6; c++) {
                    long seed = c;
                    done.add(callers.submit(() -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        for (int job = 0; job < 3000; job++) {
                            int items = 1 + random.nextInt(40);
                            AtomicIntegerArray runs = new AtomicIntegerArray(items);
                            parallel.forEach(items, runs, count);
                            for (int i = 0; i < items; i++) {
                                assertEquals(1, runs.get(i), "job " + job + ", item " + i + " of " + items);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void rangesCoverTheCountExactlyOnce() {
        try (Parallel parallel = new Parallel(3)) {
            for (int count : new int[] {1, 7, 100, 1001}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(count);
                parallel.forRanges(count, 5, runs, (r, from, to) -> {
                    for (int i = from; i < to; i++) {
                        r.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < count; i++) {
                    assertEquals(1, runs.get(i), "element " + i + " of " + count);
                }
            }
        }
    }

    @Test
    void aFailingItemReachesTheCallerAndThePoolStaysUsable() {
        try (Parallel parallel = new Parallel(2)) {
            IllegalStateException failure = new IllegalStateException("item 3");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> parallel.forEach(8, failure, (f, item) -> {
                        if (item == 3) {
                            throw f;
                        }
                    }));
            assertSame(failure, thrown);
            AtomicIntegerArray runs = new AtomicIntegerArray(8);
            parallel.forEach(8, runs, (r, item) -> r.incrementAndGet(item));
            for (int i = 0; i < 8; i++) {
                assertEquals(1, runs.get(i));
            }
        }
    }
}
