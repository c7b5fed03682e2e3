package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One compiled graph under concurrent use, interruption, closing, and inputs too large for the heap. */
class ConcurrencyAndLimitsTest {
    private static final Graph NET = ResNetGraphs.bottleneck(5, new int[] {1, 1}, 8, 7);

    @Test
    void concurrentRunsGiveExactlyTheSequentialResults() throws Exception {
        try (JavaBackend backend = new JavaBackend(2, KernelSelection.vectorOrScalar());
                CompiledGraph compiled = backend.compile(NET)) {
            SplittableRandom random = new SplittableRandom(3);
            List<Tensor> inputs = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Tensor x = Fixtures.random(random, 1 + random.nextInt(3), 3, 16 + random.nextInt(20), 16 + random.nextInt(20));
                inputs.add(x);
                expected.add(compiled.run(x).data());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> wrong = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int first = t;
                    wrong.add(pool.submit(() -> {
                        int bad = 0;
                        for (int round = 0; round < 12; round++) {
                            int i = (first * 5 + round * 7) % inputs.size();
                            if (!java.util.Arrays.equals(expected.get(i), compiled.run(inputs.get(i)).data())) {
                                bad++;
                            }
                        }
                        return bad;
                    }));
                }
                for (Future<Integer> f : wrong) {
                    assertEquals(0, f.get(60, TimeUnit.SECONDS), "results that differ from the sequential run");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anInterruptedRunFailsCleanlyAndTheGraphStaysUsable() {
        CompiledGraph compiled = Fixtures.VECTOR.compile(NET);
        Tensor x = Fixtures.random(new SplittableRandom(1), 1, 3, 20, 20);
        float[] before = compiled.run(x).data();
        Thread.currentThread().interrupt();
        try {
            ResNet4jException e = assertThrows(ResNet4jException.class, () -> compiled.run(x));
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertArrayEquals(before, compiled.run(x).data());
    }

    @Test
    void runsOnAClosedGraphOrBackendAreRefused() {
        JavaBackend backend = new JavaBackend(2, KernelSelection.vectorOrScalar());
        CompiledGraph compiled = backend.compile(NET);
        Tensor x = Fixtures.random(new SplittableRandom(1), 1, 3, 20, 20);
        compiled.run(x);
        compiled.close();
        assertThrows(ResNet4jException.class, () -> compiled.run(x));
        CompiledGraph other = backend.compile(NET);
        backend.close();
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> other.run(x));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void anInputTooLargeForTheHeapIsRefusedWithTheNeedAndTheRemedy() {
        CompiledGraph compiled = Fixtures.VECTOR.compile(NET);
        long heap = Runtime.getRuntime().maxMemory();
        // Enough images of 512×512 that the planned activations exceed the whole heap.
        Shape shape = Shape.of(1, 3, 512, 512);
        long perImage = compiled.plannedBytes(shape).orElseThrow();
        int batch = (int) Math.min(Integer.MAX_VALUE / 4, heap / perImage + 2);
        Shape huge = Shape.of(batch, 3, 512, 512);
        assertTrue(compiled.plannedBytes(huge).orElseThrow() > heap);
        // The input itself would not fit either, so hand the plan check a shape without allocating it.
        ResNet4jException e = assertThrows(ResNet4jException.class,
                () -> new ExecutionContext().bind(planOf(compiled, huge), new float[0]));
        assertTrue(e.getMessage().contains("smaller batch") && e.getMessage().contains("-Xmx"), e.getMessage());
    }

    /**
     * A warm forward allocates only its results (the output's array, its tensor and the map returning it), on any
     * thread: no activations, and no job, task or geometry per step.
     */
    @Test
    void aWarmForwardAllocatesOnlyItsResults() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (JavaBackend backend = new JavaBackend(2, KernelSelection.vectorOrScalar());
                CompiledGraph compiled = backend.compile(NET)) {
            Tensor x = Fixtures.random(new SplittableRandom(2), 4, 3, 64, 64);
            // Until the JIT has compiled the kernels: interpreted Vector API code allocates every vector.
            for (int i = 0; i < 400; i++) {
                compiled.run(x);
            }
            long output = 4 * compiled.run(x).shape().size();
            // The output array, plus its tensor and the result maps: about 1 KB here (3.6 KB when every step still made
            // job and lambda objects).
            long bookkeeping = 1536;
            // The least of several windows: a window in which the JIT still compiles or recompiles something is not
            // the steady state. With both cores running forwards, a big kernel can wait in the compile queue past
            // the warm-up above, so windows go on (up to 20 s) until one is clean; a forward that really allocates
            // never gives one.
            long perRun = Long.MAX_VALUE;
            long deadline = System.nanoTime() + 20_000_000_000L;
            for (int window = 0; window < 8 || perRun > output + bookkeeping && System.nanoTime() < deadline; window++) {
                long before = allocated(threads);
                int runs = 20;
                for (int i = 0; i < runs; i++) {
                    compiled.run(x);
                }
                perRun = Math.min(perRun, (allocated(threads) - before) / runs);
            }
            assertTrue(perRun <= output + bookkeeping,
                    "a warm forward allocated " + perRun + " bytes; its output takes " + output);
        }
    }

    private static long allocated(ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            sum += Math.max(0, threads.getThreadAllocatedBytes(id));
        }
        return sum;
    }

    private static MemoryPlan planOf(CompiledGraph compiled, Shape shape) {
        JavaCompiledGraph g = (JavaCompiledGraph) compiled;
        return g.planFor(shape);
    }
}
