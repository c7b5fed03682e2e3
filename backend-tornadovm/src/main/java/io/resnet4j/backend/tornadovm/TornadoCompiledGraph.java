package io.resnet4j.backend.tornadovm;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.StepTiming;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A graph planned for the device. Shapes are only known at {@link #run}, so the task graph is built per input
 * shape and kept for the next run of that shape (a few shapes at most; the least recently used is released).
 */
final class TornadoCompiledGraph implements CompiledGraph {
    /** Plans kept per compiled graph: each holds device buffers for every activation. */
    private static final int CACHED_SHAPES = 4;
    /**
     * TornadoVM's compilation and execution state is per JVM; runs of separate compiled graphs from several
     * threads take turns on the device rather than race inside TornadoVM.
     */
    private static final ReentrantLock DEVICE = new ReentrantLock();

    private final Graph graph;
    private final DevicePlanner.Plan steps;
    private final Set<Integer> visible = new HashSet<>();
    private final Map<Shape, ShapePlan> plans = new LinkedHashMap<>(8, 0.75f, true);
    private final Consumer<TornadoCompiledGraph> onClose;
    private final int tasksPerGraph;
    private final DeviceChoice device;
    private boolean closed;
    /** The profiled plan of the last shape profiled, if any. */
    private Map.Entry<Shape, ShapePlan> profiling;

    TornadoCompiledGraph(Graph graph, DevicePlanner.Plan steps, DeviceChoice device, int tasksPerGraph,
            Consumer<TornadoCompiledGraph> onClose) {
        this.device = device;
        this.tasksPerGraph = tasksPerGraph;
        this.graph = graph;
        this.steps = steps;
        this.onClose = onClose;
        visible.add(graph.output().id());
        graph.taps().values().forEach(n -> visible.add(n.id()));
    }

    @Override
    public Map<String, Tensor> run(Tensor input, Collection<String> taps) {
        if (input == null) {
            throw new ResNet4jException("input: the tensor is null");
        }
        Shape[] shapes = graph.inferShapes(input.shape());
        List<String> requested = graph.requireTaps(taps);
        Set<Integer> wanted = new LinkedHashSet<>();
        wanted.add(graph.output().id());
        requested.forEach(t -> wanted.add(graph.taps().get(t).id()));

        Map<Integer, float[]> values;
        DEVICE.lock();
        try {
            if (closed) {
                throw new ResNet4jException("tornadovm: the compiled graph is closed");
            }
            values = plan(input.shape(), shapes).run(input.data(), wanted);
        } finally {
            DEVICE.unlock();
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("output", Tensor.wrap(shapes[graph.output().id()], values.get(graph.output().id())));
        for (String t : requested) {
            int id = graph.taps().get(t).id();
            // Each returned tensor owns its array, even when two names show the same node.
            float[] data = values.get(id);
            out.put(t, Tensor.wrap(shapes[id], out.values().stream().anyMatch(v -> v.data() == data) ? data.clone() : data));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Kernel times per task as TornadoVM's profiler reports them, from a second run of a plan built for this
     * (the first compiles the kernels); the cached plans are left as they are, unprofiled.
     */
    @Override
    public Optional<List<StepTiming>> profile(Tensor input) {
        Shape[] shapes = graph.inferShapes(input.shape());
        DEVICE.lock();
        try {
            if (closed) {
                throw new ResNet4jException("tornadovm: the compiled graph is closed");
            }
            if (profiling == null || !profiling.getKey().equals(input.shape())) {
                if (profiling != null) {
                    profiling.getValue().close();
                }
                ShapePlan plan = new ShapePlan(steps, shapes, visible, device, tasksPerGraph, true);
                plan.run(input.data(), Set.of(graph.output().id()));
                profiling = Map.entry(input.shape(), plan);
            }
            return Optional.of(profiling.getValue().kernelTimes(input.data()));
        } finally {
            DEVICE.unlock();
        }
    }

    private ShapePlan plan(Shape input, Shape[] shapes) {
        ShapePlan plan = plans.get(input);
        if (plan == null) {
            if (plans.size() == CACHED_SHAPES) {
                var eldest = plans.entrySet().iterator().next();
                plans.remove(eldest.getKey());
                eldest.getValue().close();
            }
            plan = new ShapePlan(steps, shapes, visible, device, tasksPerGraph);
            plans.put(input, plan);
        }
        return plan;
    }


    @Override
    public void close() {
        DEVICE.lock();
        try {
            closed = true;
            plans.values().forEach(ShapePlan::close);
            plans.clear();
            if (profiling != null) {
                profiling.getValue().close();
                profiling = null;
            }
        } finally {
            DEVICE.unlock();
        }
        onClose.accept(this);
    }
}
