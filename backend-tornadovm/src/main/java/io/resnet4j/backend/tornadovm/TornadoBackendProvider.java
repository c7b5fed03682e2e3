package io.resnet4j.backend.tornadovm;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Availability;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.BackendDevice;
import io.resnet4j.backend.BackendProvider;
import io.resnet4j.backend.DeviceListing;
import java.util.List;

/**
 * Registers the TornadoVM backend as {@code tornadovm}. Its rank follows the device it would run on: a GPU or other
 * accelerator ranks above {@code java} (that is what TornadoVM is installed for), a CPU OpenCL device such as PoCL
 * ranks below it unless the user chose the device ({@code --device}, {@value BackendDevice#PROPERTY}); naming the
 * backend ({@code --backend tornadovm}) always works. This class names no TornadoVM type, so it loads on a plain
 * class path; {@link TornadoAvailability} decides, without throwing, whether TornadoVM can be touched.
 */
public final class TornadoBackendProvider implements BackendProvider, DeviceListing {
    public static final String NAME = "tornadovm";
    static final int ACCELERATOR_RANK = 200;
    /** Below java's 100: on a CPU, TornadoVM's OpenCL kernels are no match for backend-java. */
    static final int CPU_RANK = 50;

    /** Probed once per provider instance (discovery makes fresh ones), so a rank and a listing agree. */
    private Availability availability;
    private DeviceChoice choice;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        availability();
        return rankFor(choice);
    }

    static int rankFor(DeviceChoice choice) {
        return choice != null && (choice.accelerator() || choice.asked()) ? ACCELERATOR_RANK : CPU_RANK;
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            availability = TornadoAvailability.check(System::getProperty, TornadoAvailability::classPresent, () -> {
                choice = DeviceProbe.choose(System.getProperty(BackendDevice.PROPERTY));
                return choice.summary();
            });
        }
        return availability;
    }

    @Override
    public List<BackendDevice> devices() {
        availability();
        return choice == null ? List.of() : choice.devices();
    }

    /** The device {@link #open()} runs on; null when unavailable. */
    DeviceChoice choice() {
        availability();
        return choice;
    }

    @Override
    public Backend open() {
        Availability a = availability();
        if (!a.available()) {
            throw new ResNet4jException("backend '" + NAME + "' is not available: " + a.reason());
        }
        return new TornadoBackend(choice);
    }
}
