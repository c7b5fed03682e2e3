package io.resnet4j.backend.tornadovm;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The whole graph, for one input shape, as one TornadoVM execution plan: one task graph, or a chain of them for deep
 * networks. Weights and size parameters go to the device on the first execution only; the input goes every
 * execution; activations live on the device from task to task (persisted/consumed between task graphs); the output
 * and taps are copied back on demand, only those a run asks for.
 */
final class ShapePlan implements AutoCloseable {
    /** Work-group size of every launch; grids are rounded up to it and kernels guard their bound. */
    static final int LOCAL_SIZE = 64;
    /** Graph names must be unique in the JVM: TornadoVM keys compiled code and options by them. */
    private static final AtomicLong GRAPHS = new AtomicLong();

    private final Shape[] shapes;
    private final FloatArray[] buffers;
    private final TornadoExecutionPlan plan;
    private final String graphName;
    private final int tasksPerGraph;
    private final int chunks;
    /** For each node, the task graph that computes its buffer. */
    private final int[] chunkOf;

    /**
     * @param visible node ids that can be asked for (output and taps): they may be copied to the host
     */
    ShapePlan(DevicePlanner.Plan steps, Shape[] shapes, Set<Integer> visible, int tasksPerGraph) {
        this.tasksPerGraph = tasksPerGraph;
        this.shapes = shapes;
        for (Shape s : shapes) {
            if (s.size() > Integer.MAX_VALUE - 8) {
                throw new ResNet4jException("tornadovm: a value of shape " + s + " is too large for 32-bit device"
                        + " indexing; split the batch");
            }
        }
        this.buffers = new FloatArray[shapes.length];
        Map<Integer, Integer> aliases = steps.aliases();
        buffers[0] = new FloatArray((int) shapes[0].size());
        for (DeviceStep step : steps.steps()) {
            buffers[step.output()] = new FloatArray((int) shapes[step.output()].size());
        }
        aliases.forEach((flat, source) -> buffers[flat] = buffers[source]);

        // TornadoVM holds at most 1024 nodes per task graph (several per task), so a deep ResNet becomes a chain
        // of task graphs: each persists on the device what later ones consume, nothing goes through the host.
        List<DeviceStep> all = steps.steps();
        this.chunks = Math.max(1, (all.size() + tasksPerGraph - 1) / tasksPerGraph);
        this.graphName = "resnet4j_" + GRAPHS.incrementAndGet();
        int[] producer = new int[shapes.length];
        java.util.Arrays.fill(producer, -1);
        int[] lastReader = new int[shapes.length];
        java.util.Arrays.fill(lastReader, -1);
        for (int i = 0; i < all.size(); i++) {
            producer[all.get(i).output()] = i / tasksPerGraph;
            for (int in : all.get(i).inputs()) {
                lastReader[root(aliases, in)] = Math.max(lastReader[root(aliases, in)], i / tasksPerGraph);
            }
        }
        this.chunkOf = new int[shapes.length];
        for (int id = 0; id < shapes.length; id++) {
            chunkOf[id] = producer[root(aliases, id)];
        }
        KernelContext context = new KernelContext();
        GridScheduler grid = new GridScheduler();
        TaskGraph[] graphs = new TaskGraph[chunks];
        for (int c = 0; c < chunks; c++) {
            List<DeviceStep> part = all.subList(c * tasksPerGraph, Math.min(all.size(), (c + 1) * tasksPerGraph));
            graphs[c] = chunk(c, part, shapes, aliases, producer, lastReader, visible, context, grid);
        }
        ImmutableTaskGraph[] snapshots = new ImmutableTaskGraph[chunks];
        for (int c = 0; c < chunks; c++) {
            snapshots[c] = graphs[c].snapshot();
        }
        this.plan = new TornadoExecutionPlan(snapshots).withGridScheduler(grid);
    }

    private TaskGraph chunk(int c, List<DeviceStep> part, Shape[] shapes, Map<Integer, Integer> aliases,
            int[] producer, int[] lastReader, Set<Integer> visible, KernelContext context, GridScheduler grid) {
        String name = graphName + "_" + c;
        TaskGraph graph = new TaskGraph(name);
        FloatArray unused = new FloatArray(1);
        List<Object> once = new ArrayList<>();
        once.add(unused);
        IntArray[] params = new IntArray[part.size()];
        boolean readsInput = false;
        for (int i = 0; i < params.length; i++) {
            DeviceStep step = part.get(i);
            once.addAll(step.constants());
            params[i] = step.params(shapes);
            once.add(params[i]);
            for (int in : step.inputs()) {
                readsInput |= root(aliases, in) == 0;
            }
        }
        // TornadoVM keeps a persisted array only into the next task graph, so every value that is still needed is
        // handed on from graph to graph: consumed from the previous one, persisted again for the next.
        List<Object> liveIn = new ArrayList<>();
        List<Object> persisted = new ArrayList<>();
        for (int id = 1; id < shapes.length; id++) {
            if (buffers[id] == null || root(aliases, id) != id) {
                continue;
            }
            if (producer[id] >= 0 && producer[id] < c && lastReader[id] >= c) {
                liveIn.add(buffers[id]);
            }
            if (producer[id] >= 0 && producer[id] <= c && lastReader[id] > c) {
                persisted.add(buffers[id]);
            }
        }
        // Transfers are declared before the tasks that read them; intermediate values are never transferred.
        if (!liveIn.isEmpty()) {
            graph.consumeFromDevice(graphName + "_" + (c - 1), liveIn.toArray());
        }
        graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, distinct(once).toArray());
        if (readsInput) {
            graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, buffers[0]);
        }
        for (int i = 0; i < params.length; i++) {
            DeviceStep step = part.get(i);
            addTask(graph, context, step, params[i], unused);
            WorkerGrid1D work = new WorkerGrid1D(roundUp(params[i].get(0)));
            work.setLocalWork(LOCAL_SIZE, 1, 1);
            grid.addWorkerGrid(name + "." + step.task(), work);
        }
        List<Object> readable = new ArrayList<>();
        for (int id : visible) {
            if (chunkOf[id] == c) {
                readable.add(buffers[id]);
            }
        }
        if (!persisted.isEmpty()) {
            graph.persistOnDevice(distinct(persisted).toArray());
        }
        if (!readable.isEmpty()) {
            graph.transferToHost(DataTransferMode.UNDER_DEMAND, distinct(readable).toArray());
        }
        return graph;
    }

    private static int root(Map<Integer, Integer> aliases, int id) {
        return aliases.getOrDefault(id, id);
    }

    private void addTask(TaskGraph graph, KernelContext kc, DeviceStep step, IntArray p, FloatArray unused) {
        FloatArray out = buffers[step.output()];
        switch (step) {
            case DeviceStep.Conv c -> graph.task(c.task(), DeviceKernels::conv2d, kc, buffers[c.input()], c.weight(),
                    c.bias(), c.residual() < 0 ? unused : buffers[c.residual()], out, p);
            case DeviceStep.ScaleShift s -> graph.task(s.task(), DeviceKernels::scaleShift, kc, buffers[s.input()],
                    s.scale(), s.shift(), out, p);
            case DeviceStep.Relu r -> graph.task(r.task(), DeviceKernels::relu, kc, buffers[r.input()], out, p);
            case DeviceStep.Add a -> graph.task(a.task(), DeviceKernels::add, kc, buffers[a.left()],
                    buffers[a.right()], out, p);
            case DeviceStep.MaxPool m -> graph.task(m.task(), DeviceKernels::maxPool, kc, buffers[m.input()], out, p);
            case DeviceStep.GlobalAvgPool g -> graph.task(g.task(), DeviceKernels::globalAvgPool, kc,
                    buffers[g.input()], out, p);
            case DeviceStep.Linear l -> graph.task(l.task(), DeviceKernels::linear, kc, buffers[l.input()],
                    l.weight(), l.bias(), out, p);
        }
    }

    /**
     * Runs once on {@code input} and copies the values of {@code wanted} node ids to fresh host arrays.
     * Any TornadoVM failure (bailout, compilation, device) becomes a {@link ResNet4jException}: nothing runs as
     * plain Java behind the caller's back.
     */
    Map<Integer, float[]> run(float[] input, Set<Integer> wanted) {
        FloatArray in = buffers[0];
        MemorySegment.copy(input, 0, in.getSegment(), ValueLayout.JAVA_FLOAT, 0, input.length);
        try {
            TornadoExecutionResult[] results = new TornadoExecutionResult[chunks];
            for (int c = 0; c < results.length; c++) {
                results[c] = plan.withGraph(c).execute();
            }
            for (int id : wanted) {
                if (chunkOf[id] >= 0) { // else it is the input, already on the host
                    results[chunkOf[id]].transferToHost(buffers[id]);
                }
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
                throw vme;
            }
            String hint = e instanceof java.nio.BufferOverflowException
                    ? " (the graph needs more TornadoVM bytecode space: raise -D" + DeviceProbe.BYTECODE_PROPERTY + ")"
                    : String.valueOf(e.getMessage()).contains("resize not implemented")
                            ? " (the network has too many tasks for one TornadoVM task graph, which holds 1024 nodes)"
                            : "";
            throw new ResNet4jException("tornadovm: task graph " + graphName + " failed on the device: "
                    + firstLine(e) + hint, e);
        }
        Map<Integer, float[]> values = new java.util.HashMap<>();
        for (int id : wanted) {
            float[] copy = new float[(int) shapes[id].size()];
            MemorySegment.copy(buffers[id].getSegment(), ValueLayout.JAVA_FLOAT, 0, copy, 0, copy.length);
            values.put(id, copy);
        }
        return values;
    }

    @Override
    public void close() {
        try {
            plan.freeDeviceMemory();
            plan.close();
        } catch (Exception e) {
            throw new ResNet4jException("tornadovm: cannot release task graph " + graphName + ": " + firstLine(e), e);
        }
    }

    /** Each array once, in first-seen order (flattened values share their source's array). */
    private static List<Object> distinct(List<Object> values) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> ordered = new ArrayList<>();
        for (Object v : values) {
            if (seen.add(v)) {
                ordered.add(v);
            }
        }
        return ordered;
    }

    private static int roundUp(int n) {
        return Math.max(LOCAL_SIZE, (n + LOCAL_SIZE - 1) / LOCAL_SIZE * LOCAL_SIZE);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
