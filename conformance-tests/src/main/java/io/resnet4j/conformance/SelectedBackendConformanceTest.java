package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;

/**
 * The contract for the backend named by the system property {@value #BACKEND} (or "reference" for the
 * {@link ReferenceBackend}): what {@link ConformanceRunner} launches for the CLI.
 */
public class SelectedBackendConformanceTest implements BackendContract {
    public static final String BACKEND = "resnet4j.conformance.backend";

    @Override
    public Backend backend() {
        String name = System.getProperty(BACKEND, "");
        return name.equals("reference") ? new ReferenceBackend() : Backends.open(name);
    }

    @Override
    public BigBatchHint bigBatchHint() {
        return BigBatchHint.forBackend(System.getProperty(BACKEND, ""));
    }
}
