package io.resnet4j.backend;

import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A graph ready to run on one backend. Implementations must be safe for concurrent {@link #run} calls from many
 * threads, each getting exactly the result a sequential run would give (the conformance contract checks it), and
 * must refuse calls after {@link #close()} with a {@link io.resnet4j.ResNet4jException}.
 */
public interface CompiledGraph extends AutoCloseable {

    /**
     * Runs the graph and returns the requested taps (by {@link io.resnet4j.graph.Graph#taps()} name) plus
     * {@code "output"}. A wrong-shaped input is refused with a {@link io.resnet4j.ResNet4jException} before any
     * work is done. The returned tensors belong to the caller: later runs never overwrite them, and the input
     * is never modified.
     */
    Map<String, Tensor> run(Tensor input, Collection<String> taps);

    default Tensor run(Tensor input) {
        return run(input, List.of()).get("output");
    }

    /**
     * Runs once and reports each step of the backend's plan with its time, for {@code bench --profile}; empty if
     * the backend cannot profile.
     */
    default Optional<java.util.List<StepTiming>> profile(Tensor input) {
        return Optional.empty();
    }

    /**
     * Bytes of activations and workspace one run on an input of this shape needs beyond the weights, as the
     * backend plans them; empty if it does not plan. A wrong shape is refused as {@link #run} refuses it.
     */
    default OptionalLong plannedBytes(Shape input) {
        return OptionalLong.empty();
    }

    @Override
    default void close() {}
}
