package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;

/** The suite's own sanity check: the reference, run as a backend, must pass its contract. */
class ReferenceBackendConformanceTest implements SyntheticContract {
    @Override
    public Backend backend() {
        return new ReferenceBackend();
    }

    @Override
    public BigBatchHint bigBatchHint() {
        return BigBatchHint.NO_THRESHOLDS;
    }
}
