package io.resnet4j.backend.tornadovm;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Availability;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.BackendProvider;

/**
 * Registers the TornadoVM backend as {@code tornadovm}. It ranks above {@code java} because, when TornadoVM really
 * runs here, an accelerator is what the user installed it for. This class names no TornadoVM type, so it loads on a
 * plain class path; {@link TornadoAvailability} decides, without throwing, whether TornadoVM can be touched.
 */
public final class TornadoBackendProvider implements BackendProvider {
    public static final String NAME = "tornadovm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 200;
    }

    @Override
    public Availability availability() {
        return TornadoAvailability.probe();
    }

    @Override
    public Backend open() {
        Availability a = availability();
        if (!a.available()) {
            throw new ResNet4jException("backend '" + NAME + "' is not available: " + a.reason());
        }
        return new TornadoBackend(a.reason());
    }
}
