package io.resnet4j.bench;

import io.resnet4j.backend.StepTiming;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.Optional;

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

    /**
     * Where a forward's time goes inside the peer, node by node in the order it runs them: each node's median over
     * {@code runs} profiled forwards of {@code input} (its multiply-accumulates 0: peers do not say), for
     * {@code bench --profile} beside resnet4j's steps. Empty where the peer cannot say. A peer may profile on a
     * session of its own, so that the timed one is not slowed.
     */
    default Optional<List<StepTiming>> profile(Tensor input, int runs) {
        return Optional.empty();
    }

    @Override
    void close();

    /** One forward pass on a bound input; returns the logits, N × classes. */
    @FunctionalInterface
    interface Forward {
        Tensor run();
    }
}
