package io.resnet4j.backend;

/**
 * A backend's entry point, registered in {@code META-INF/services/io.resnet4j.backend.BackendProvider}.
 * Providers must be cheap to construct: {@link #availability()} may probe, {@link #open()} does the real work.
 */
public interface BackendProvider {
    /** Unique lower-case name users select it by, e.g. {@code java}. */
    String name();

    /** Preference when the user names no backend: the highest-ranked available one wins. */
    int rank();

    /** Whether {@link #open()} can succeed here, with the reason. Called once per discovery, so it may probe. */
    Availability availability();

    /** Opens the backend; only called when {@link #availability()} said yes. */
    Backend open();
}
