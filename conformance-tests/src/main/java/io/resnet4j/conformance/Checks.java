package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The steps the contracts share: run on the backend, run on the reference, compare. */
public final class Checks {
    private static final ReferenceInterpreter REFERENCE = new ReferenceInterpreter();

    private Checks() {}

    public static ReferenceInterpreter.Evaluation reference(Example e) {
        return REFERENCE.evaluate(e.graph(), e.input());
    }

    /** The backend's output for {@code e}, on a fresh backend and compiled graph. */
    public static Tensor run(BackendUnderTest subject, Example e) {
        try (Backend backend = subject.backend(); CompiledGraph compiled = backend.compile(e.graph())) {
            return compiled.run(e.input().copy());
        }
    }

    /** The backend's output and taps for {@code e}. */
    public static Map<String, Tensor> run(BackendUnderTest subject, Example e, List<String> taps) {
        try (Backend backend = subject.backend(); CompiledGraph compiled = backend.compile(e.graph())) {
            return compiled.run(e.input().copy(), taps);
        }
    }

    /** Asserts the backend's output for {@code e} is within {@link Tolerance} of the reference. */
    public static void matchesReference(String what, BackendUnderTest subject, Example e) {
        Tolerance.requireClose(what, run(subject, e), reference(e).output());
    }

    /**
     * Where the reference refuses the input (it is smaller than a window's span), the backend must refuse it too
     * with a {@link ResNet4jException}; otherwise its output must match.
     */
    public static void matchesReferenceOrRefusesLikeIt(String what, BackendUnderTest subject, Example e,
            boolean accepted) {
        if (accepted) {
            matchesReference(what, subject, e);
        } else {
            refuses(what, subject, e.graph(), e.input());
        }
    }

    /** Asserts compiling or running {@code graph} on {@code input} throws a {@link ResNet4jException}. */
    public static void refuses(String what, BackendUnderTest subject, Graph graph, Tensor input) {
        try (Backend backend = subject.backend(); CompiledGraph compiled = backend.compile(graph)) {
            Tensor out = compiled.run(input);
            throw new AssertionError(what + ": input " + input.shape() + " should be refused with a "
                    + "ResNet4jException, but the backend returned " + out);
        } catch (ResNet4jException expected) {
            // the contract: a clear resnet4j error, not an index-out-of-bounds or garbage
        } catch (RuntimeException other) {
            throw new AssertionError(what + ": input " + input.shape() + " should be refused with a "
                    + "ResNet4jException, got " + other, other);
        }
    }
}
