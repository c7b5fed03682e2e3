package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Availability;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.BackendProvider;

/** Registers the pure-Java backend as {@code java}: always there, so it ranks below accelerator backends. */
public final class JavaBackendProvider implements BackendProvider {
    public static final String NAME = "java";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Availability availability() {
        try {
            int threads = JavaBackendSettings.threads();
            return Availability.yes("pure Java, " + threads + (threads == 1 ? " thread, " : " threads, ")
                    + KernelSelection.chosenKernels().describe());
        } catch (ResNet4jException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public Backend open() {
        return new JavaBackend();
    }
}
