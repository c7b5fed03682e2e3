package io.resnet4j.bench;

import java.util.Optional;

/**
 * Another runtime that {@code resnet4j bench --vs NAME} measures beside resnet4j on the same weights, found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.resnet4j.bench.PeerRuntime}). Implementations live
 * in the {@code benchmarks} module, so that neither the SDK nor the CLI's compile scope depends on a native
 * runtime: the CLI only sees this interface.
 */
public interface PeerRuntime {
    /** What users type after {@code --vs}, e.g. {@code onnxruntime}. */
    String name();

    /** Why it cannot run here (e.g. its native library did not load), in one line; empty when it can. */
    Optional<String> unavailable();

    /** Name and version, e.g. {@code onnxruntime 1.29.0}. */
    String version();

    /** Loads the exported model to run on {@code threads} threads with every optimisation the runtime has. */
    PeerModel load(PeerFiles files, int threads) throws PeerUnavailableException;
}
