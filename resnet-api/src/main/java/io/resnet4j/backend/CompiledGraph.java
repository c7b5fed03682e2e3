package io.resnet4j.backend;

import io.resnet4j.tensor.Tensor;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A graph ready to run on one backend. Safe to run from one thread at a time. */
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

    @Override
    default void close() {}
}
