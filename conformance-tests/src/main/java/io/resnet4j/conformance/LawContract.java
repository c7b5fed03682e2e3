package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of running, rather than of any one op: what callers rely on besides the numbers. */
public interface LawContract extends BackendUnderTest {

    /**
     * Each item of a small batch comes out as if run alone, within {@link Tolerance} of the reference; the
     * big-batch law ({@link BigBatchContract}) adds that it is bit-identical to the item run alone.
     */
    @Property
    default void batchItemsAreIndependent(@ForAll("anyBlocks") BlockCase c) {
        Example e = c.example();
        ReferenceInterpreter.Evaluation ref = Checks.reference(e);
        try (Backend backend = backend(); CompiledGraph compiled = backend.compile(e.graph())) {
            Tensor whole = compiled.run(e.input().copy());
            Tolerance.requireClose("batch of " + c, whole, ref.output());
            for (int n = 0; n < c.batch(); n++) {
                Tensor alone = compiled.run(e.input().slice(n));
                Tensor fromBatch = whole.slice(n);
                Tolerance.requireClose("item " + n + " run alone vs in the batch, " + c, alone,
                        Checks.reference(new Example(e.graph(), e.input().slice(n))).output());
                Tolerance.requireClose("item " + n + " of the batch, " + c, fromBatch,
                        Checks.reference(new Example(e.graph(), e.input().slice(n))).output());
            }
        }
    }

    /** The same input twice on one compiled graph gives bit-identical results. */
    @Property
    default void runsAreDeterministic(@ForAll("anyBlocks") BlockCase c) {
        Example e = c.example();
        try (Backend backend = backend(); CompiledGraph compiled = backend.compile(e.graph())) {
            float[] first = compiled.run(e.input().copy()).data().clone();
            float[] second = compiled.run(e.input().copy()).data();
            if (!Arrays.equals(first, second)) {
                throw new AssertionError("two runs of the same input differ (bit-exact required), " + c);
            }
        }
    }

    /**
     * Consecutive runs of different inputs each see their own input, leave it unchanged, and do not overwrite
     * a result already returned.
     */
    @Property
    default void laterRunsSeeTheirOwnInput(@ForAll("anyBlocks") BlockCase c) {
        Example e = c.example();
        Tensor other = new RandomData(c.seed() + 1).uniform(e.input().shape());
        Tensor otherCopy = other.copy(), inputCopy = e.input().copy();
        try (Backend backend = backend(); CompiledGraph compiled = backend.compile(e.graph())) {
            Tensor first = compiled.run(e.input());
            float[] firstValues = first.data().clone();
            Tensor second = compiled.run(other);
            Tolerance.requireClose("first run, " + c, first, Checks.reference(e).output());
            Tolerance.requireClose("second run with a new input, " + c, second,
                    Checks.reference(new Example(e.graph(), otherCopy)).output());
            if (!Arrays.equals(firstValues, first.data())) {
                throw new AssertionError("the second run overwrote the first run's result, " + c);
            }
            if (!Arrays.equals(e.input().data(), inputCopy.data()) || !Arrays.equals(other.data(), otherCopy.data())) {
                throw new AssertionError("running modified the caller's input tensor, " + c);
            }
        }
    }

    /**
     * One compiled graph runs inputs of several shapes in turn, then again in reverse order (so both growing and
     * shrinking follow each shape): every result is within {@link Tolerance} of the reference, and both runs of an
     * input are bit-identical. Buffers a backend keeps between runs (sized by an earlier shape, zeroed only when
     * allocated) may not leak into a later result.
     */
    @Property
    default void shapeChangesBetweenRunsLeaveNoTrace(@ForAll("shapeSequences") ConcurrencyCase c) {
        Graph graph = c.block().example().graph();
        List<Tensor> inputs = c.inputs();
        try (Backend backend = backend(); CompiledGraph compiled = backend.compile(graph)) {
            List<float[]> first = new ArrayList<>();
            for (Tensor x : inputs) {
                Tensor out = compiled.run(x.copy());
                Tolerance.requireClose("input " + x.shape().toCompactString() + " after the shapes before it, " + c,
                        out, Checks.reference(new Example(graph, x)).output());
                first.add(out.data());
            }
            for (int i = inputs.size() - 1; i >= 0; i--) {
                if (!Arrays.equals(first.get(i), compiled.run(inputs.get(i).copy()).data())) {
                    throw new AssertionError("input " + inputs.get(i).shape().toCompactString() + " gives another "
                            + "result when run again after other shapes (bit-exact required), " + c);
                }
            }
        }
    }

    /**
     * Two compiled graphs of one backend, run from two threads at once, each match the reference: a backend
     * may share thread pools or weights between compiled graphs, but not scratch memory.
     */
    @Property
    default void separateCompiledGraphsRunConcurrently(@ForAll("anyBlocks") BlockCase c,
            @ForAll @IntRange(min = 2, max = 3) int threads) throws Exception {
        Example e = c.example();
        List<Tensor> inputs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            inputs.add(new RandomData(c.seed() + t).uniform(e.input().shape()));
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Backend backend = backend()) {
            List<Future<List<Tensor>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Tensor x = inputs.get(t);
                CompiledGraph compiled = backend.compile(e.graph());
                results.add(pool.submit(() -> {
                    try (compiled) {
                        start.await();
                        List<Tensor> outs = new ArrayList<>();
                        for (int round = 0; round < 3; round++) {
                            outs.add(compiled.run(x.copy()));
                        }
                        return outs;
                    }
                }));
            }
            for (int t = 0; t < threads; t++) {
                NodeValues expected = Checks.reference(new Example(e.graph(), inputs.get(t))).output();
                List<Tensor> outs = results.get(t).get();
                for (int round = 0; round < outs.size(); round++) {
                    Tolerance.requireClose("thread " + t + " of " + threads + ", run " + round + ", " + c,
                            outs.get(round), expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A block whose last BN has γ = β = 0 (torchvision's zero_init_residual) computes ReLU of its shortcut:
     * ReLU(x) for an identity shortcut, ReLU(BN(conv1×1(x))) with a downsample.
     */
    @Property
    default void zeroInitResidualBlockIsReluOfShortcut(@ForAll("anyBlocks") BlockCase c) {
        Example[] blockAndExpected = c.zeroInitResidualAndExpectation();
        Tolerance.requireClose("zero-init residual " + c, Checks.run(this, blockAndExpected[0]),
                Checks.reference(blockAndExpected[1]).output());
    }

    /**
     * Wrong channel count, missing batch axis, or a size that only a later layer cannot take: each is refused with
     * a {@link ResNet4jException} before any work, and the compiled graph still works afterwards.
     */
    @Property
    default void wrongShapedInputIsRefused(@ForAll @IntRange(min = 1, max = 8) int channels,
            @ForAll @IntRange(min = 1, max = 3) int wrongBy, @ForAll @IntRange(min = 3, max = 12) int size,
            @ForAll long seed) {
        RandomData data = new RandomData(seed);
        Graph.Builder g = Graph.builder(channels);
        Graph.Node first = g.add("conv1", new Op.Conv2d(data.uniform(channels, channels, 1, 1), null, 1, 0, 1, 1), g.input());
        // A 3×3 without padding: inputs smaller than 3 pass conv1 and fail only here.
        Graph graph = g.build(g.add("conv2", new Op.Conv2d(data.uniform(channels, channels, 3, 3), null, 1, 0, 1, 1), first));
        Tensor good = data.uniform(1, channels, size, size);
        List<Tensor> wrong = List.of(
                data.uniform(1, channels + wrongBy, size, size),
                data.uniform(channels, size, size),
                data.uniform(1, channels, size, 1 + wrongBy % 2));
        try (Backend backend = backend(); CompiledGraph compiled = backend.compile(graph)) {
            for (Tensor x : wrong) {
                Shape shape = x.shape();
                try {
                    Tensor out = compiled.run(x);
                    throw new AssertionError("input " + shape + " for a graph taking 1×" + channels
                            + "×H×W (H, W ≥ 3) was accepted: " + out);
                } catch (ResNet4jException expected) {
                    // refused as promised
                } catch (RuntimeException other) {
                    throw new AssertionError("input " + shape + " should be refused with a ResNet4jException, got "
                            + other, other);
                }
            }
            Tolerance.requireClose("a good input after refused ones", compiled.run(good.copy()),
                    Checks.reference(new Example(graph, good)).output());
        }
    }

    @Provide
    default Arbitrary<ConcurrencyCase> shapeSequences() {
        return ConformanceArbitraries.concurrencyCases();
    }

    @Provide
    default Arbitrary<BlockCase> anyBlocks() {
        return ConformanceArbitraries.anyBlocks();
    }
}
