package io.resnet4j.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import io.resnet4j.bench.PeerFiles;
import io.resnet4j.bench.PeerModel;
import io.resnet4j.bench.PeerRuntime;
import io.resnet4j.bench.PeerUnavailableException;
import java.util.Optional;

/**
 * ONNX Runtime (Java API, CPU execution provider) as {@code resnet4j bench --vs onnxruntime}. The native library
 * loads on first use, not when {@link java.util.ServiceLoader} instantiates this class, so listing peers costs
 * nothing and a JVM that never runs it never maps it.
 */
public final class OnnxRuntimePeer implements PeerRuntime {
    static final String NAME = "onnxruntime";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> unavailable() {
        return Environment.FAILURE;
    }

    @Override
    public String version() {
        return NAME + " " + environment().getVersion();
    }

    @Override
    public PeerModel load(PeerFiles files, int threads) throws PeerUnavailableException {
        return OnnxRuntimeModel.open(environment(), files.onnx(), threads);
    }

    private static OrtEnvironment environment() {
        if (Environment.FAILURE.isPresent()) {
            throw new IllegalStateException(Environment.FAILURE.get());
        }
        return Environment.ENV;
    }

    /** Loaded once, lazily (holder idiom); a native library that does not load is reported, not thrown. */
    private static final class Environment {
        static final OrtEnvironment ENV;
        static final Optional<String> FAILURE;

        static {
            OrtEnvironment env = null;
            String failure = null;
            try {
                // Errors only: ONNX Runtime's warnings about its own graph rewrites are not the user's business.
                env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "resnet4j-bench");
            } catch (RuntimeException | LinkageError e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                failure = "ONNX Runtime's native library did not load here (" + root + "); it ships for linux-x64/aarch64,"
                        + " macOS and Windows";
            }
            ENV = env;
            FAILURE = Optional.ofNullable(failure);
        }
    }
}
