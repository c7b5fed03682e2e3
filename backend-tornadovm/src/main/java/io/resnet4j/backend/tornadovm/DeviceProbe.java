package io.resnet4j.backend.tornadovm;

import io.resnet4j.backend.BackendDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/** Talks to TornadoVM's runtime; only loaded after {@link TornadoAvailability} found its classes and options. */
final class DeviceProbe {
    static final String BYTECODE_PROPERTY = "tornado.tvm.maxbytecodesize";
    static final int BYTECODE_SIZE = 1 << 20;

    private DeviceProbe() {}

    /**
     * Every device TornadoVM sees and the one to run on: {@code wanted} (an id such as {@code 0:1}, a type such as
     * {@code gpu}, or part of a name) when given, else the first GPU or other accelerator, else TornadoVM's default
     * device. Throws with what is missing. Also makes sure a failed kernel can never fall back to Java code:
     * TornadoVM reads {@code tornado.recover.bailout} once, defaulting to true, so it is set here when absent and
     * the value TornadoVM actually uses is checked.
     */
    static DeviceChoice choose(String wanted) {
        TornadoRuntime runtime = runtime();
        List<TornadoDevice> all = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            TornadoBackend backend = runtime.getBackend(b);
            for (int d = 0; d < backend.getNumDevices(); d++) {
                all.add(backend.getDevice(d));
                ids.add(new int[] {b, d});
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("TornadoVM's " + runtime.getBackend(0).getBackendType()
                    + " backend sees no device (no OpenCL platform/driver, or no CUDA GPU for PTX)");
        }
        boolean asked = wanted != null && !wanted.isBlank();
        int pick = asked ? match(wanted.strip(), all, ids) : preferred(runtime, all);
        List<BackendDevice> listed = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            TornadoDevice d = all.get(i);
            listed.add(new BackendDevice(id(ids.get(i)), name(d) + " (" + runtime.getBackend(ids.get(i)[0])
                    .getBackendType() + ", " + d.getPlatformName().strip() + ")", d.getDeviceType().name(),
                    d.getMaxGlobalMemory(), i == pick));
        }
        TornadoDevice chosen = all.get(pick);
        String description = name(chosen) + " (" + chosen.getDeviceType() + ", "
                + runtime.getBackend(ids.get(pick)[0]).getBackendType() + ", " + chosen.getPlatformName().strip() + ")";
        return new DeviceChoice(ids.get(pick)[0], ids.get(pick)[1], description, isAccelerator(chosen), asked,
                List.copyOf(listed));
    }

    /** The TornadoVM device a choice names. */
    static TornadoDevice device(DeviceChoice choice) {
        return runtime().getBackend(choice.backend()).getDevice(choice.device());
    }

    private static TornadoRuntime runtime() {
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
        return runtime;
    }

    private static int match(String wanted, List<TornadoDevice> all, List<int[]> ids) {
        String w = wanted.toLowerCase(Locale.ROOT);
        for (int i = 0; i < all.size(); i++) {
            if (id(ids.get(i)).equals(w)) {
                return i;
            }
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).getDeviceType().name().equalsIgnoreCase(w)) {
                return i;
            }
        }
        for (int i = 0; i < all.size(); i++) {
            if (name(all.get(i)).toLowerCase(Locale.ROOT).contains(w)) {
                return i;
            }
        }
        StringBuilder known = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            known.append(i == 0 ? "" : ", ").append(id(ids.get(i))).append(' ').append(name(all.get(i)))
                    .append(" (").append(all.get(i).getDeviceType()).append(')');
        }
        throw new IllegalStateException("no TornadoVM device matches -D" + BackendDevice.PROPERTY + "=" + wanted
                + " (an id, a type such as gpu or cpu, or part of a name); devices: " + known);
    }

    private static int preferred(TornadoRuntime runtime, List<TornadoDevice> all) {
        for (int i = 0; i < all.size(); i++) {
            if (isAccelerator(all.get(i))) {
                return i;
            }
        }
        TornadoDevice fallback = runtime.getDefaultDevice();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == fallback || name(all.get(i)).equals(name(fallback))) {
                return i;
            }
        }
        return 0;
    }

    private static boolean isAccelerator(TornadoDevice d) {
        TornadoDeviceType t = d.getDeviceType();
        return t == TornadoDeviceType.GPU || t == TornadoDeviceType.ACCELERATOR || t == TornadoDeviceType.FPGA;
    }

    private static String name(TornadoDevice d) {
        return d.getPhysicalDevice().getDeviceName().strip();
    }

    private static String id(int[] id) {
        return id[0] + ":" + id[1];
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
