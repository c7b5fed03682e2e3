package io.resnet4j.bench;

import io.resnet4j.tensor.Tensor;

/** A model loaded by a {@link PeerRuntime}. Used from one thread at a time. */
public interface PeerModel extends AutoCloseable {
    /** How it runs, e.g. "2 intra-op threads, all graph optimisations, sequential execution". */
    String settings();

    /**
     * Prepares {@code input} once (copies, native tensors), so that a timed {@link Forward#run()} measures the
     * forward pass the way {@code CompiledGraph.run} does. What this allocates belongs to the model until
     * {@link #close()}.
     */
    Forward bind(Tensor input);

    @Override
    void close();

    /** One forward pass on a bound input; returns the logits, N × classes. */
    @FunctionalInterface
    interface Forward {
        Tensor run();
    }
}
