package io.resnet4j.backend;

import io.resnet4j.graph.Graph;

/**
 * Runs {@link Graph}s. A backend sees the whole graph in {@link #compile(Graph)} before the first run, so it can
 * fold batch norm, fuse, plan memory or upload weights once. Close it to free threads or device memory.
 */
public interface Backend extends AutoCloseable {
    String name();

    /** Prepares {@code graph} for repeated runs. The graph's weights must not change afterwards. */
    CompiledGraph compile(Graph graph);

    @Override
    void close();
}
