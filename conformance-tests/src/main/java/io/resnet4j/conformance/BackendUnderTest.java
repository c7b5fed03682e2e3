package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
/** What every contract needs from its implementer: the backend to test. */
public interface BackendUnderTest {
    /** A freshly opened backend; each try opens one and closes it when done. */
    Backend backend();
}
