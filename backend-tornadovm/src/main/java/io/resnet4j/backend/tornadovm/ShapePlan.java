package io.resnet4j.backend.tornadovm;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The whole graph, for one input shape, as a few TornadoVM execution plans run one after the other. TornadoVM 5.2
 * holds at most 1024 nodes in one task graph (several per task), more than a ResNet-101 needs, so the steps are cut
 * into chunks of at most {@code tasksPerChunk} tasks, each its own task graph and plan. A value that crosses a cut
 * goes through its host array: the chunk that computes it copies it back on every execution, each later chunk that
 * reads it copies it in. (TornadoVM's device-resident hand-over, persistOnDevice/consumeFromDevice, fails on such
 * chains with "invalid variable".) Weights and size parameters go to the device on the first execution only;
 * values inside a chunk stay on the device; the output and taps are copied back on demand, only those a run asks for.
 */
final class ShapePlan implements AutoCloseable {
    /** Work-group size of every launch; grids are rounded up to it and kernels guard their bound. */
    static final int LOCAL_SIZE = 64;
    /** Graph names must be unique in the JVM: TornadoVM keys compiled code and options by them. */
    private static final AtomicLong GRAPHS = new AtomicLong();

    private final Shape[] shapes;
    /** Per node id; a Flatten node shares its source's array. */
    private final FloatArray[] buffers;
    private final String graphName;
    private final TornadoExecutionPlan[] chunks;
    /** For each node, the chunk that computes its buffer; −1 for the input. */
    private final int[] chunkOf;
    /** Nodes whose buffer is copied to the host on every execution, because a later chunk reads it. */
    private final boolean[] handedOver;
    private final TornadoDevice device;

    /**
     * @param visible node ids that can be asked for (output and taps): they may be copied to the host
     */
    ShapePlan(DevicePlanner.Plan steps, Shape[] shapes, Set<Integer> visible, DeviceChoice device, int tasksPerChunk) {
        this.device = DeviceProbe.device(device);
        this.shapes = shapes;
        for (Shape s : shapes) {
            if (s.size() > Integer.MAX_VALUE - 8) {
                throw new ResNet4jException("tornadovm: a value of shape " + s + " is too large for 32-bit device"
                        + " indexing; split the batch");
            }
        }
        Map<Integer, Integer> aliases = steps.aliases();
        this.buffers = new FloatArray[shapes.length];
        buffers[0] = new FloatArray((int) shapes[0].size());
        for (DeviceStep step : steps.steps()) {
            buffers[step.output()] = new FloatArray((int) shapes[step.output()].size());
        }
        aliases.forEach((flat, source) -> buffers[flat] = buffers[source]);

        List<DeviceStep> all = steps.steps();
        int count = Math.max(1, (all.size() + tasksPerChunk - 1) / tasksPerChunk);
        int[] producer = new int[shapes.length];
        Arrays.fill(producer, -1);
        this.handedOver = new boolean[shapes.length];
        for (int i = 0; i < all.size(); i++) {
            producer[all.get(i).output()] = i / tasksPerChunk;
        }
        for (int i = 0; i < all.size(); i++) {
            for (int in : all.get(i).inputs()) {
                int source = root(aliases, in);
                handedOver[source] |= producer[source] >= 0 && producer[source] < i / tasksPerChunk;
            }
        }
        this.chunkOf = new int[shapes.length];
        for (int id = 0; id < shapes.length; id++) {
            chunkOf[id] = producer[root(aliases, id)];
            handedOver[id] = handedOver[root(aliases, id)];
        }
        this.graphName = "resnet4j_" + GRAPHS.incrementAndGet();
        this.chunks = new TornadoExecutionPlan[count];
        for (int c = 0; c < count; c++) {
            List<DeviceStep> part = all.subList(c * tasksPerChunk, Math.min(all.size(), (c + 1) * tasksPerChunk));
            chunks[c] = chunk(c, part, aliases, visible);
        }
    }

    private TornadoExecutionPlan chunk(int c, List<DeviceStep> part, Map<Integer, Integer> aliases,
            Set<Integer> visible) {
        String name = graphName + "_" + c;
        TaskGraph graph = new TaskGraph(name);
        FloatArray unused = new FloatArray(1);
        List<Object> once = new ArrayList<>();
        once.add(unused);
        List<Object> fromHost = new ArrayList<>();
        IntArray[] params = new IntArray[part.size()];
        for (int i = 0; i < params.length; i++) {
            DeviceStep step = part.get(i);
            once.addAll(step.constants());
            params[i] = step.params(shapes);
            once.add(params[i]);
            for (int in : step.inputs()) {
                if (chunkOf[in] != c) { // the input, or a value an earlier chunk handed over
                    fromHost.add(buffers[in]);
                }
            }
        }
        // Transfers are declared before the tasks that read them.
        graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, distinct(once).toArray());
        if (!fromHost.isEmpty()) {
            graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, distinct(fromHost).toArray());
        }
        KernelContext context = new KernelContext();
        GridScheduler grid = new GridScheduler();
        for (int i = 0; i < params.length; i++) {
            DeviceStep step = part.get(i);
            addTask(graph, context, step, params[i], unused);
            WorkerGrid1D work = new WorkerGrid1D(roundUp(params[i].get(0)));
            work.setLocalWork(LOCAL_SIZE, 1, 1);
            grid.addWorkerGrid(name + "." + step.task(), work);
        }
        List<Object> toHost = new ArrayList<>();
        List<Object> onDemand = new ArrayList<>();
        for (int id = 1; id < shapes.length; id++) {
            if (chunkOf[id] == c && handedOver[id]) {
                toHost.add(buffers[id]);
            } else if (chunkOf[id] == c && visible.contains(id)) {
                onDemand.add(buffers[id]);
            }
        }
        if (!toHost.isEmpty()) {
            graph.transferToHost(DataTransferMode.EVERY_EXECUTION, distinct(toHost).toArray());
        }
        if (!onDemand.isEmpty()) {
            graph.transferToHost(DataTransferMode.UNDER_DEMAND, distinct(onDemand).toArray());
        }
        return new TornadoExecutionPlan(graph.snapshot()).withGridScheduler(grid).withDevice(device);
    }

    private static int root(Map<Integer, Integer> aliases, int id) {
        return aliases.getOrDefault(id, id);
    }

    private void addTask(TaskGraph graph, KernelContext kc, DeviceStep step, IntArray p, FloatArray unused) {
        FloatArray out = buffers[step.output()];
        switch (step) {
            case DeviceStep.Conv c -> graph.task(c.task(), DeviceKernels::conv2dTiled, kc, buffers[c.input()], c.weight(),
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
        MemorySegment.copy(input, 0, buffers[0].getSegment(), ValueLayout.JAVA_FLOAT, 0, input.length);
        try {
            TornadoExecutionResult[] results = new TornadoExecutionResult[chunks.length];
            for (int c = 0; c < chunks.length; c++) {
                results[c] = chunks[c].execute();
            }
            for (int id : wanted) {
                if (chunkOf[id] >= 0 && !handedOver[id]) { // else it is on the host already
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
                            ? " (too many tasks for one TornadoVM task graph, which holds 1024 nodes)"
                            : "";
            throw new ResNet4jException("tornadovm: task graph " + graphName + " failed on the device: "
                    + firstLine(e) + hint, e);
        }
        Map<Integer, float[]> values = new HashMap<>();
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
            for (TornadoExecutionPlan plan : chunks) {
                plan.freeDeviceMemory();
                plan.close();
            }
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
