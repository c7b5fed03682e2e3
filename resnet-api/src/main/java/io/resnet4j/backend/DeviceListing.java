package io.resnet4j.backend;

import java.util.List;

/**
 * Implemented by a {@link BackendProvider} that can run on one of several devices: {@link Backends#describe}
 * then lists them under the backend, marking the one it would use. Only called once the provider said it is
 * available.
 */
public interface DeviceListing {
    List<BackendDevice> devices();
}
