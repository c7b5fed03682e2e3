package io.resnet4j.backend.java;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;

/**
 * The pure-Java backend: every op of the graph on this JVM's cores, inner loops on the Vector API when it is
 * present. Owns one thread pool, released by {@link #close()}; graphs compiled by it stop working then.
 */
public final class JavaBackend implements Backend {
    private final Kernels kernels;
    private final Parallel parallel;
    private final boolean winograd;
    private final boolean pixelBlocks;
    private final boolean groupedDirect;

    /** Threads from {@code -Dresnet4j.java.threads}, else one per available processor. */
    public JavaBackend() {
        this(JavaBackendSettings.threads());
    }

    public JavaBackend(int threads) {
        this(threads, KernelSelection.defaultKernels());
    }

    /** With explicit kernels, so that tests can run the vector and the scalar path in one JVM. */
    JavaBackend(int threads, Kernels kernels) {
        this(threads, kernels, JavaBackendSettings.winograd());
    }

    /** With the choice of convolution algorithm explicit, so that tests can compare Winograd with direct. */
    JavaBackend(int threads, Kernels kernels, boolean winograd) {
        this(threads, kernels, winograd, true);
    }

    /** And whether grouped 3×3 convs may run directly ({@link GroupedConvStep}), so that tests can compare it. */
    JavaBackend(int threads, Kernels kernels, boolean winograd, boolean groupedDirect) {
        this(threads, kernels, winograd, groupedDirect, JavaBackendSettings.pixelBlocks());
    }

    /** And whether some values are stored pixel-blocked ({@link PixelBlocks}), so that tests can compare it. */
    JavaBackend(int threads, Kernels kernels, boolean winograd, boolean groupedDirect, boolean pixelBlocks) {
        this.kernels = kernels;
        this.winograd = winograd;
        this.groupedDirect = groupedDirect;
        this.pixelBlocks = pixelBlocks;
        this.parallel = new Parallel(threads);
    }

    @Override
    public String name() {
        return JavaBackendProvider.NAME;
    }

    public int threads() {
        return parallel.threads();
    }

    /** What runs the inner loops, e.g. "Vector API 256-bit, 8 floats per vector". */
    public String kernelDescription() {
        return kernels.describe();
    }

    @Override
    public CompiledGraph compile(Graph graph) {
        parallel.ensureOpen();
        return new JavaCompiledGraph(graph,
                Planner.plan(graph, kernels, parallel.threads(), winograd, groupedDirect, pixelBlocks), parallel,
                JavaBackendSettings.contexts(parallel.threads()));
    }

    @Override
    public void close() {
        parallel.close();
    }
}
