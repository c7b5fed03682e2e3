package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.backend.StepTiming;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A planned graph. It keeps the graph's outline, not its weights: the steps hold the only copy it needs. Each
 * input shape gets a {@link MemoryPlan} once; each run borrows an
 * {@link ExecutionContext} holding buffers of that size, so concurrent runs never share a buffer and a warm run
 * allocates only its results. Results are copied out of the arena as soon as they are produced: the caller owns
 * them, and the arena can be reused by the next run.
 */
final class JavaCompiledGraph implements CompiledGraph {
    /** Plans kept per input shape; a service sees few shapes, a sweep over many only rebuilds cheap plans. */
    private static final int MAX_PLANS = 32;

    private final GraphOutline graph;
    private final List<Step> steps;
    private final Parallel parallel;
    /** For each node, the index of the last step that reads it (−1 if none). */
    private final int[] lastUse;
    /** For each node, the node whose storage it shares: itself, or the input of a Flatten. */
    private final int[] aliasOf;
    /** For each node stored pixel-blocked ({@link PixelBlocks}), its block width; 0 for NCHW. */
    private final int[] blockWidth;
    private final Map<Shape, MemoryPlan> plans = new ConcurrentHashMap<>();
    private final ContextPool contexts;

    JavaCompiledGraph(Graph graph, List<Step> steps, Parallel parallel, int contextLimit) {
        this.graph = new GraphOutline(graph);
        this.steps = List.copyOf(steps);
        this.parallel = parallel;
        int n = graph.nodes().size();
        this.lastUse = new int[n];
        Arrays.fill(lastUse, -1);
        this.aliasOf = new int[n];
        for (int i = 0; i < n; i++) {
            aliasOf[i] = i;
        }
        this.blockWidth = new int[n];
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            for (int id : step.inputs()) {
                lastUse[id] = i;
            }
            blockWidth[step.output()] = step.storedBlockWidth();
            if (step instanceof FlattenStep f) {
                aliasOf[f.output()] = aliasOf[f.input()];
            }
        }
        this.contexts = new ContextPool(contextLimit);
    }

    /** The plan, for tests that check what was fused. */
    List<Step> steps() {
        return steps;
    }

    @Override
    public Map<String, Tensor> run(Tensor input, Collection<String> taps) {
        return execute(input, taps, null);
    }

    @Override
    public Optional<List<StepTiming>> profile(Tensor input) {
        List<StepTiming> timings = new ArrayList<>();
        execute(input, List.of(), timings);
        return Optional.of(Collections.unmodifiableList(timings));
    }

    @Override
    public OptionalLong plannedBytes(Shape input) {
        return OptionalLong.of(plan(input).bytes());
    }

    @Override
    public void close() {
        contexts.close();
    }

    private Map<String, Tensor> execute(Tensor input, Collection<String> taps, List<StepTiming> timings) {
        if (input == null) {
            throw new ResNet4jException("input: the tensor is null");
        }
        List<String> requested = graph.requireTaps(taps);
        requireOpen();
        MemoryPlan plan = plan(input.shape());
        // Which results leave the arena after which step: node id → names asking for it.
        Map<Integer, List<String>> wanted = new LinkedHashMap<>();
        wanted.computeIfAbsent(graph.output(), id -> new ArrayList<>()).add("output");
        for (String t : requested) {
            wanted.computeIfAbsent(graph.tap(t), id -> new ArrayList<>()).add(t);
        }
        Map<String, Tensor> results = new LinkedHashMap<>();
        ExecutionContext context = contexts.acquire("compiled graph");
        try {
            Values values = context.bind(plan, input.data());
            copyOut(values, 0, 0, wanted, results);
            for (Step step : steps) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new ResNet4jException("run interrupted before step " + step.label()
                            + "; the compiled graph stays usable");
                }
                long start = timings == null ? 0 : System.nanoTime();
                step.execute(values, parallel);
                if (timings != null) {
                    timings.add(new StepTiming(step.label(), step.macs(plan.shapes()), System.nanoTime() - start));
                }
                copyOut(values, step.output(), blockWidth[step.output()], wanted, results);
            }
        } finally {
            contexts.release(context);
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        ordered.put("output", results.get("output"));
        for (String t : requested) {
            ordered.put(t, results.get(t));
        }
        return Collections.unmodifiableMap(ordered);
    }

    /**
     * Copies {@code node}'s value into a fresh array for each name that asked for it, in NCHW order whatever its
     * layout ({@code blockWidth} > 0: pixel-blocked).
     */
    private static void copyOut(Values values, int node, int blockWidth, Map<Integer, List<String>> wanted,
            Map<String, Tensor> results) {
        List<String> names = wanted.get(node);
        if (names == null) {
            return;
        }
        Shape shape = values.shape(node);
        for (String name : names) {
            float[] copy = new float[(int) shape.size()];
            if (blockWidth > 0) {
                PixelBlocks.unblock(values.array(node), values.offset(node), shape, blockWidth, copy);
            } else {
                System.arraycopy(values.array(node), values.offset(node), copy, 0, copy.length);
            }
            results.put(name, Tensor.wrap(shape, copy));
        }
    }

    /** The plan for this input shape, for tests. */
    MemoryPlan planFor(Shape input) {
        return plan(input);
    }

    private MemoryPlan plan(Shape input) {
        MemoryPlan plan = plans.get(input);
        if (plan == null) {
            Shape[] shapes = graph.inferShapes(input);
            long[] floats = new long[shapes.length];
            for (int node = 0; node < shapes.length; node++) {
                floats[node] = blockWidth[node] > 0 ? PixelBlocks.floats(shapes[node], blockWidth[node])
                        : shapes[node].size();
            }
            plan = MemoryPlan.of(input, shapes, floats, steps, lastUse, aliasOf);
            if (plans.size() >= MAX_PLANS) {
                plans.clear();
            }
            plans.put(input, plan);
        }
        return plan;
    }

    private void requireOpen() {
        parallel.ensureOpen();
        if (contexts.isClosed()) {
            throw new ResNet4jException("compiled graph is closed: compile the graph again");
        }
    }
}
