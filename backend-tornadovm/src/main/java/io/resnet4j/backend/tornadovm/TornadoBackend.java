package io.resnet4j.backend.tornadovm;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.rewrite.BatchNormFolding;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs graphs through TornadoVM on the device its provider chose (OpenCL, PTX or SPIR-V). Each compiled graph plans its
 * device steps once and builds one chain of task graphs per input shape. Open it through {@link TornadoBackendProvider}, which
 * checks first that TornadoVM can run here. Closing it releases the device memory of every graph it compiled.
 */
public final class TornadoBackend implements Backend {
    private final DeviceChoice device;
    /** Graphs still holding device memory; closing the backend releases them. */
    private final Set<TornadoCompiledGraph> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Tasks per TornadoVM task graph; longer plans become a chain of task graphs (see {@link ShapePlan}). TornadoVM
     * 5.2 caps a task graph at 1024 internal nodes: about 15 per task of ours (66 of ResNet-101's first tasks fit,
     * 68 do not), up to about 20 for a conv with a residual. 48 stays under the cap in the worst case.
     */
    static final int TASKS_PER_GRAPH = 48;

    private final int tasksPerGraph;
    private final ConvKernel convKernel;

    TornadoBackend(DeviceChoice device) {
        this(device, TASKS_PER_GRAPH);
    }

    /** With a chosen split, so that tests can force chains of task graphs on small networks. */
    TornadoBackend(DeviceChoice device, int tasksPerGraph) {
        this(device, tasksPerGraph, ConvKernel.forDevice(device));
    }

    /** With a chosen convolution kernel, so that tests can run either on any device. */
    TornadoBackend(DeviceChoice device, int tasksPerGraph, ConvKernel convKernel) {
        this.device = device;
        this.tasksPerGraph = tasksPerGraph;
        this.convKernel = convKernel;
    }

    @Override
    public String name() {
        return TornadoBackendProvider.NAME;
    }

    /** The device kernels run on, e.g. "cpu-… (CPU, OPENCL, Portable Computing Language)". */
    public String device() {
        return device.description();
    }

    @Override
    public CompiledGraph compile(Graph graph) {
        if (closed) {
            throw new ResNet4jException("tornadovm: the backend is closed");
        }
        // resnet-api's rewrite: batch norm folded into the convolutions; taps and output keep their names.
        Graph folded = BatchNormFolding.apply(graph);
        TornadoCompiledGraph compiled = new TornadoCompiledGraph(folded, DevicePlanner.plan(folded, convKernel), device,
                tasksPerGraph, open::remove);
        open.add(compiled);
        return compiled;
    }

    @Override
    public void close() {
        closed = true;
        List.copyOf(open).forEach(TornadoCompiledGraph::close);
    }
}
