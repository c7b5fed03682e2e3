package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Tensor;
import java.util.Collection;
import java.util.Map;

/**
 * The {@link ReferenceInterpreter} as a {@link Backend}: slow, but it passes the contract by construction, which
 * makes it the suite's own sanity check and a stand-in while a real backend is being written. Not registered as a
 * {@link io.resnet4j.backend.BackendProvider}, so users never select it by accident. Thread-safe (it keeps no
 * state between calls); runs on a closed graph or backend are refused.
 */
public class ReferenceBackend implements Backend {
    private final String name;
    private final ReferenceInterpreter interpreter;
    private volatile boolean closed;

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
        requireOpen();
        ReferenceInterpreter interpreter = interpreterFor(graph);
        return new CompiledGraph() {
            private volatile boolean closed;

            @Override
            public Map<String, Tensor> run(Tensor input, Collection<String> taps) {
                if (closed) {
                    throw new ResNet4jException("this compiled graph of backend '" + name + "' is closed");
                }
                requireOpen();
                return interpreter.run(graph, input, taps);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    /** The interpreter a compiled graph runs on: the backend's one, by default. Tests plant bugs here. */
    protected ReferenceInterpreter interpreterFor(Graph graph) {
        return interpreter;
    }

    private void requireOpen() {
        if (closed) {
            throw new ResNet4jException("backend '" + name + "' is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
