package io.resnet4j.backend.tornadovm;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.StepTiming;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The whole graph, for one input shape, as one TornadoVM execution plan. TornadoVM 5.2 holds at most 1024 nodes in
 * one task graph (several per task), more than a ResNet-101 needs, so the steps are cut into chunks of about
 * {@code tasksPerChunk} tasks ({@link ChunkCuts}), each a task graph of that one plan, run one after the other.
 * Activations never leave the device: a value that crosses a cut is kept there by the chunk that computes it
 * ({@code persistOnDevice}) and taken over by the next ({@code consumeFromDevice}), which TornadoVM only allows
 * between task graphs of the same plan, the consumer running right after the producer. Only the input goes in on
 * every run; weights and size parameters go in on the first run only; the output and taps come back on demand, only
 * those a run asks for.
 */
final class ShapePlan implements AutoCloseable {
    /** Work-group size of a launch unless its step asks otherwise; grids are rounded up to it. */
    static final int LOCAL_SIZE = 64;
    /** Graph names must be unique in the JVM: TornadoVM keys compiled code and options by them. */
    private static final AtomicLong GRAPHS = new AtomicLong();

    private final Shape[] shapes;
    /** Per node id; a Flatten node shares its source's array. */
    private final FloatArray[] buffers;
    private final String graphName;
    private final TornadoExecutionPlan plan;
    private final int chunkCount;
    private final List<DeviceStep> steps;
    /** For each step, the chunk (task graph) that runs it. */
    private final int[] chunkOfStep;
    private final int taskCount;
    /** For each node, the chunk that computes its buffer; −1 for the input. */
    private final int[] chunkOf;
    private final TornadoDevice device;
    /** Bytes TornadoVM copied to and from the device in the last run, when built with profiling (tests). */
    private final boolean profiled;
    private long lastBytesIn;
    private long lastBytesOut;

    /**
     * @param visible node ids that can be asked for (output and taps): they may be copied to the host
     */
    ShapePlan(DevicePlanner.Plan steps, Shape[] shapes, Set<Integer> visible, DeviceChoice device, int tasksPerChunk) {
        this(steps, shapes, visible, device, tasksPerChunk, false);
    }

    /** @param profiled count the bytes each run moves (TornadoVM's profiler; slower, for tests) */
    ShapePlan(DevicePlanner.Plan steps, Shape[] shapes, Set<Integer> visible, DeviceChoice device, int tasksPerChunk,
            boolean profiled) {
        this.device = DeviceProbe.device(device);
        this.profiled = profiled;
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
        int[] outputs = new int[all.size()];
        int[][] inputs = new int[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            outputs[i] = all.get(i).output();
            inputs[i] = all.get(i).inputs().stream().mapToInt(in -> root(aliases, in)).toArray();
        }
        int[] starts = ChunkCuts.starts(outputs, inputs, tasksPerChunk);
        this.chunkCount = starts.length;
        this.steps = all;
        this.chunkOfStep = new int[all.size()];
        for (int c = 0; c < starts.length; c++) {
            int end = c + 1 < starts.length ? starts[c + 1] : all.size();
            Arrays.fill(chunkOfStep, starts[c], end, c);
        }
        this.taskCount = all.size();
        int[] producer = new int[shapes.length];
        Arrays.fill(producer, -1);
        for (int c = 0; c < starts.length; c++) {
            int end = c + 1 < starts.length ? starts[c + 1] : all.size();
            for (int i = starts[c]; i < end; i++) {
                producer[outputs[i]] = c;
            }
        }
        this.chunkOf = new int[shapes.length];
        for (int id = 0; id < shapes.length; id++) {
            chunkOf[id] = producer[root(aliases, id)];
        }
        this.graphName = "resnet4j_" + GRAPHS.incrementAndGet();
        ImmutableTaskGraph[] graphs = new ImmutableTaskGraph[starts.length];
        GridScheduler grid = new GridScheduler();
        for (int c = 0; c < starts.length; c++) {
            int end = c + 1 < starts.length ? starts[c + 1] : all.size();
            graphs[c] = chunk(c, all.subList(starts[c], end), inputs, starts[c], visible, grid).snapshot();
        }
        TornadoExecutionPlan built = new TornadoExecutionPlan(graphs).withGridScheduler(grid).withDevice(this.device);
        this.plan = profiled ? built.withProfiler(ProfilerMode.SILENT) : built;
    }

    private String name(int chunk) {
        return graphName + "_" + chunk;
    }

    private TaskGraph chunk(int c, List<DeviceStep> part, int[][] inputs, int first, Set<Integer> visible,
            GridScheduler grid) {
        String name = name(c);
        TaskGraph graph = new TaskGraph(name);
        FloatArray unused = new FloatArray(1);
        List<Object> once = new ArrayList<>();
        once.add(unused);
        List<Object> fromHost = new ArrayList<>();
        List<Object> fromPrevious = new ArrayList<>();
        IntArray[] params = new IntArray[part.size()];
        for (int i = 0; i < params.length; i++) {
            DeviceStep step = part.get(i);
            once.addAll(step.constants());
            params[i] = step.params(shapes);
            once.add(params[i]);
            for (int in : inputs[first + i]) {
                if (chunkOf[in] < 0) {
                    fromHost.add(buffers[in]); // the input
                } else if (chunkOf[in] != c) {
                    fromPrevious.add(buffers[in]); // ChunkCuts: made by chunk c - 1
                }
            }
        }
        // Transfers are declared before the tasks that read them.
        graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, distinct(once).toArray());
        if (!fromHost.isEmpty()) {
            graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, distinct(fromHost).toArray());
        }
        if (!fromPrevious.isEmpty()) {
            graph.consumeFromDevice(name(c - 1), distinct(fromPrevious).toArray());
        }
        KernelContext context = new KernelContext();
        for (int i = 0; i < params.length; i++) {
            DeviceStep step = part.get(i);
            addTask(graph, context, step, params[i], unused);
            int local = step.localSize(params[i]);
            WorkerGrid1D work = new WorkerGrid1D(roundUp(params[i].get(0), local));
            work.setLocalWork(local, 1, 1);
            grid.addWorkerGrid(name + "." + step.task(), work);
        }
        // Kept on the device: what the next chunk reads, and what a run may ask for (copied only when asked).
        List<Object> kept = new ArrayList<>();
        for (int i = first + part.size(); i < inputs.length; i++) {
            for (int in : inputs[i]) {
                if (chunkOf[in] == c) {
                    kept.add(buffers[in]);
                }
            }
        }
        for (int id = 1; id < shapes.length; id++) {
            if (chunkOf[id] == c && visible.contains(id)) {
                kept.add(buffers[id]);
            }
        }
        if (!kept.isEmpty()) {
            graph.persistOnDevice(distinct(kept).toArray());
        }
        return graph;
    }

    private static int root(Map<Integer, Integer> aliases, int id) {
        return aliases.getOrDefault(id, id);
    }

    private void addTask(TaskGraph graph, KernelContext kc, DeviceStep step, IntArray p, FloatArray unused) {
        FloatArray out = buffers[step.output()];
        switch (step) {
            case DeviceStep.Conv c when c.convKernel() == ConvKernel.TILED -> graph.task(c.task(),
                    DeviceKernels::conv2dTiled, kc, buffers[c.input()], c.weight(), c.bias(),
                    c.residual() < 0 ? unused : buffers[c.residual()], out, p);
            case DeviceStep.Conv c -> {
                Shape in = shapes[c.input()];
                graph.task(c.task(), CpuConvKernel::conv2d, kc, buffers[c.input()], c.weight(),
                        c.residual() < 0 ? unused : buffers[c.residual()], out, p, in.dim(1) / c.groups(), c.kernel(),
                        in.dim(2), in.dim(3), shapes[c.output()].dim(3),
                        shapes[c.output()].dim(2) * shapes[c.output()].dim(3), c.stride(), c.padding(), c.dilation());
            }
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
        long in = 0;
        long out = 0;
        try {
            for (int c = 0; c < chunkCount; c++) {
                // One chunk at a time, in order: each consumes what the one before it kept on the device.
                TornadoExecutionResult result = plan.withGraph(c).execute();
                in += profiled ? result.getProfilerResult().getTotalBytesCopyIn() : 0;
                out += profiled ? result.getProfilerResult().getTotalBytesCopyOut() : 0;
                for (int id : distinctBuffers(wanted, c)) {
                    result.transferToHost(buffers[id]); // on demand: only what this run asks for
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
        lastBytesIn = in;
        lastBytesOut = out;
        Map<Integer, float[]> values = new HashMap<>();
        for (int id : wanted) {
            float[] copy = new float[(int) shapes[id].size()];
            MemorySegment.copy(buffers[id].getSegment(), ValueLayout.JAVA_FLOAT, 0, copy, 0, copy.length);
            values.put(id, copy);
        }
        return values;
    }

    /** The wanted node ids computed by {@code chunk}, one per buffer (a Flatten shares its source's). */
    private List<Integer> distinctBuffers(Set<Integer> wanted, int chunk) {
        Set<FloatArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Integer> ids = new ArrayList<>();
        for (int id : wanted) {
            if (chunkOf[id] == chunk && seen.add(buffers[id])) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Runs once and reports each task's kernel time as TornadoVM's profiler measured it on the device (launch and
     * transfers aside). Only for a plan built with profiling.
     */
    List<StepTiming> kernelTimes(float[] input) {
        if (!profiled) {
            throw new IllegalStateException("kernel times need a plan built with profiling");
        }
        MemorySegment.copy(input, 0, buffers[0].getSegment(), ValueLayout.JAVA_FLOAT, 0, input.length);
        Map<String, Long> nanos = new HashMap<>();
        for (int c = 0; c < chunkCount; c++) {
            String log = plan.withGraph(c).execute().getProfilerResult().getProfileLog();
            Matcher m = KERNEL_TIME.matcher(log);
            while (m.find()) {
                nanos.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        List<StepTiming> timings = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            DeviceStep step = steps.get(i);
            Long t = nanos.get(name(chunkOfStep[i]) + "." + step.task());
            if (t == null) {
                throw new ResNet4jException("tornadovm: the profiler reported no kernel time for " + step.task());
            }
            timings.add(new StepTiming(step.task() + " (" + step.kind() + ")", step.macs(shapes), t));
        }
        return timings;
    }

    /** A task's entry in TornadoVM's profile log (JSON): its id, then, within its braces, its kernel time in ns. */
    private static final Pattern KERNEL_TIME =
            Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\{[^{}]*?\"TASK_KERNEL_TIME\"\\s*:\\s*\"(\\d+)\"");

    /** What the host array of node {@code id} holds now, whatever the device holds (tests). */
    float[] hostCopy(int id) {
        float[] copy = new float[(int) shapes[id].size()];
        MemorySegment.copy(buffers[id].getSegment(), ValueLayout.JAVA_FLOAT, 0, copy, 0, copy.length);
        return copy;
    }

    /** Tasks (kernel launches) of one run. */
    int tasks() {
        return taskCount;
    }

    /** Chunks (task graphs) of the plan. */
    int chunks() {
        return chunkCount;
    }

    /** Bytes copied host → device in the last run; counted only when built with profiling. */
    long lastBytesIn() {
        return lastBytesIn;
    }

    /**
     * Bytes the executions of the last run copied device → host by themselves, on-demand copies of asked values
     * aside; counted only when built with profiling.
     */
    long lastBytesOut() {
        return lastBytesOut;
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

    private static int roundUp(int n, int local) {
        return Math.max(local, (n + local - 1) / local * local);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
