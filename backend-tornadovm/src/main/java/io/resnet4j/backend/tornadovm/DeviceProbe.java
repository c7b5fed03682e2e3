package io.resnet4j.backend.tornadovm;

import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/** Talks to TornadoVM's runtime; only loaded after {@link TornadoAvailability} found its classes and options. */
final class DeviceProbe {
    static final String BYTECODE_PROPERTY = "tornado.tvm.maxbytecodesize";
    static final int BYTECODE_SIZE = 1 << 20;

    private DeviceProbe() {}

    /**
     * "device (backend)" of TornadoVM's default device, or throws with what is missing. Also makes sure a failed
     * kernel can never fall back to Java code: TornadoVM reads {@code tornado.recover.bailout} once, defaulting to
     * true, so it is set here when absent and the value TornadoVM actually uses is checked.
     */
    static String describeDefaultDevice() {
        if (System.getProperty(TornadoAvailability.BAILOUT_PROPERTY) == null) {
            System.setProperty(TornadoAvailability.BAILOUT_PROPERTY, "False");
        }
        // A task graph of TornadoBackend.TASKS_PER_GRAPH tasks needs far more bytecode than the 4 KiB default holds.
        if (System.getProperty(BYTECODE_PROPERTY) == null) {
            System.setProperty(BYTECODE_PROPERTY, Integer.toString(BYTECODE_SIZE));
        }
        if (recoversBailouts()) {
            throw new IllegalStateException("TornadoVM was initialised with bailout recovery on (it would run failed"
                    + " kernels as Java); start the JVM with -D" + TornadoAvailability.BAILOUT_PROPERTY + "=False");
        }
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        if (runtime.getNumBackends() == 0) {
            throw new IllegalStateException("no OpenCL, PTX or SPIR-V backend is installed in TornadoVM");
        }
        TornadoBackend backend = runtime.getBackend(0);
        if (backend.getNumDevices() == 0) {
            throw new IllegalStateException("TornadoVM's " + backend.getBackendType()
                    + " backend sees no device (no OpenCL platform/driver, or no CUDA GPU for PTX)");
        }
        TornadoDevice device = runtime.getDefaultDevice();
        return device.getPhysicalDevice().getDeviceName().strip() + " (" + backend.getBackendType() + ", "
                + device.getPlatformName().strip() + ")";
    }

    private static boolean recoversBailouts() {
        try {
            return Class.forName("uk.ac.manchester.tornado.runtime.common.TornadoOptions")
                    .getField("RECOVER_BAILOUT").getBoolean(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read TornadoVM's bailout setting: " + e, e);
        }
    }
}
