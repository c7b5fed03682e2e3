package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Tensor;
import java.util.Collection;
import java.util.Map;

/**
 * The {@link ReferenceInterpreter} as a {@link Backend}: slow, but it passes the contract by construction, which
 * makes it the suite's own sanity check and a stand-in while a real backend is being written. Not registered as a
 * {@link io.resnet4j.backend.BackendProvider}, so users never select it by accident.
 */
public class ReferenceBackend implements Backend {
    private final String name;
    private final ReferenceInterpreter interpreter;

    public ReferenceBackend() {
        this("reference", new ReferenceInterpreter());
    }

    public ReferenceBackend(String name, ReferenceInterpreter interpreter) {
        this.name = name;
        this.interpreter = interpreter;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompiledGraph compile(Graph graph) {
        return new CompiledGraph() {
            @Override
            public Map<String, Tensor> run(Tensor input, Collection<String> taps) {
                return interpreter.run(graph, input, taps);
            }
        };
    }

    @Override
    public void close() {}
}
