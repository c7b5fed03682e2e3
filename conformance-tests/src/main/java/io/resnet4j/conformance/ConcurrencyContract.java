package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Servers share one compiled model between request threads: the laws that make that safe, whatever the backend
 * does inside (a pool of execution contexts, a lock, fresh buffers per call).
 */
public interface ConcurrencyContract extends BackendUnderTest {
    /** Threads sharing one compiled graph, and runs per thread. */
    int THREADS = 8, ROUNDS = 5;
    /** Generous bounds, so that a slow CI machine never fails a correct backend, yet a deadlock cannot hang CI. */
    long CONCURRENT_SECONDS = 120, REFUSAL_SECONDS = 20;

    /**
     * One compiled graph, {@value #THREADS} threads started together, {@value #ROUNDS} runs each over inputs of
     * different shapes: every result is bit-identical to the same input run alone, one call at a time, on that
     * graph. Finishing within {@value #CONCURRENT_SECONDS} s is part of the law (no deadlock).
     */
    @Property
    @Expensive
    default void oneCompiledGraphServesManyThreadsBitForBit(@ForAll("concurrencyCases") ConcurrencyCase c)
            throws InterruptedException {
        Graph graph = c.block().example().graph();
        List<Tensor> inputs = c.inputs();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Backend backend = backend(); CompiledGraph compiled = backend.compile(graph)) {
            List<float[]> sequential = new ArrayList<>();
            for (Tensor x : inputs) {
                sequential.add(compiled.run(x.copy()).data().clone());
            }
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<List<String>>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(pool.submit(() -> {
                    start.await(CONCURRENT_SECONDS, TimeUnit.SECONDS);
                    List<String> wrong = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        int i = (thread + round * 3) % inputs.size();
                        float[] got = compiled.run(inputs.get(i).copy()).data();
                        if (!Arrays.equals(got, sequential.get(i))) {
                            wrong.add("thread " + thread + ", round " + round + ", input " + i + " "
                                    + inputs.get(i).shape().toCompactString());
                        }
                    }
                    return wrong;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONCURRENT_SECONDS);
            List<String> wrong = new ArrayList<>();
            for (Future<List<String>> f : threads) {
                wrong.addAll(await(f, deadline, "concurrent runs of one compiled graph, " + c));
            }
            if (!wrong.isEmpty()) {
                throw new AssertionError(wrong.size() + " of " + THREADS * ROUNDS + " concurrent runs of one "
                        + "compiled graph differ from the same input run alone (bit-exact required): " + wrong + ", "
                        + c);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A run on a closed compiled graph, or on a graph of a closed backend, fails promptly with a
     * {@link ResNet4jException}: no result, no other exception, no hang.
     */
    @Property
    default void closedGraphsAndBackendsRefuseToRun(@ForAll("concurrencyCases") ConcurrencyCase c)
            throws InterruptedException {
        Graph graph = c.block().example().graph();
        Tensor x = c.inputs().getFirst();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Backend backend = backend();
        boolean backendClosed = false;
        try {
            CompiledGraph closedGraph = backend.compile(graph);
            closedGraph.run(x.copy());
            closedGraph.close();
            refuses(pool, () -> closedGraph.run(x.copy()), "a run on a closed compiled graph, " + c);

            CompiledGraph orphan = backend.compile(graph);
            orphan.run(x.copy());
            backendClosed = true;
            backend.close();
            refuses(pool, () -> orphan.run(x.copy()), "a run on a compiled graph of a closed backend, " + c);
        } finally {
            pool.shutdownNow();
            if (!backendClosed) {
                backend.close();
            }
        }
    }

    @Provide
    default Arbitrary<ConcurrencyCase> concurrencyCases() {
        return ConformanceArbitraries.concurrencyCases();
    }

    private static <T> T await(Future<T> f, long deadline, String what) throws InterruptedException {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": did not finish within " + CONCURRENT_SECONDS + " s (a deadlock?)");
        } catch (ExecutionException e) {
            throw new AssertionError(what + ": a run failed: " + e.getCause(), e.getCause());
        }
    }

    private static void refuses(ExecutorService pool, Callable<Tensor> run, String what) throws InterruptedException {
        Future<Tensor> f = pool.submit(run);
        try {
            Tensor out = f.get(REFUSAL_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError(what + " should fail with a ResNet4jException, but returned " + out);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(what + " should fail with a ResNet4jException, but hung for "
                    + REFUSAL_SECONDS + " s");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ResNet4jException)) {
                throw new AssertionError(what + " should fail with a ResNet4jException, got " + e.getCause(),
                        e.getCause());
            }
        }
    }
}
