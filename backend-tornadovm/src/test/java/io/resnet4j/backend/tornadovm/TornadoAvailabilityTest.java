package io.resnet4j.backend.tornadovm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Availability;
import io.resnet4j.backend.Backends;
import io.resnet4j.backend.BackendDevice;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every reason the provider can give, with the environment faked, plus what it says in this very JVM. */
class TornadoAvailabilityTest {
    private static final int JAVA_RANK = 100;
    private static final Supplier<String> DEVICE = () -> "pthread-test (OPENCL, PoCL)";
    private static final Supplier<String> NO_DEVICE = () -> {
        throw new IllegalStateException("TornadoVM's OPENCL backend sees no device");
    };

    private static Availability check(Map<String, String> properties, boolean classes, Supplier<String> device) {
        return TornadoAvailability.check(properties::get, name -> classes, device);
    }

    @Test
    void missingClassesAreNamed() {
        Availability a = check(Map.of(), false, DEVICE);
        assertFalse(a.available());
        assertTrue(a.reason().contains("not on the class path"), a.reason());
        assertTrue(a.reason().contains(TornadoAvailability.API_CLASS), a.reason());
    }

    @Test
    void plainJvmIsToldToUseTheArgfile() {
        Availability a = check(Map.of(), true, DEVICE);
        assertFalse(a.available());
        assertTrue(a.reason().contains("tornado-argfile") && a.reason().contains("tornado.recover.bailout=False"),
                a.reason());
    }

    @Test
    void bailoutRecoveryIsRefusedBecauseItWouldRunJavaSilently() {
        Availability a = check(Map.of(TornadoAvailability.RUNTIME_PROPERTY, "x",
                TornadoAvailability.BAILOUT_PROPERTY, "True"), true, DEVICE);
        assertFalse(a.available());
        assertTrue(a.reason().contains("-Dtornado.recover.bailout=True"), a.reason());
    }

    @Test
    void missingDeviceIsNamed() {
        Availability a = check(Map.of(TornadoAvailability.RUNTIME_PROPERTY, "x"), true, NO_DEVICE);
        assertFalse(a.available());
        assertEquals("TornadoVM found no usable device: TornadoVM's OPENCL backend sees no device", a.reason());
    }

    @Test
    void availableNamesTheDevice() {
        Availability a = check(Map.of(TornadoAvailability.RUNTIME_PROPERTY, "x",
                TornadoAvailability.BAILOUT_PROPERTY, "False"), true, DEVICE);
        assertTrue(a.available());
        assertEquals("pthread-test (OPENCL, PoCL)", a.reason());
    }

    /** Run without TornadoVM's argfile (e.g. no TORNADOVM_HOME): unavailable, saying how to start the JVM. */
    @Test
    void thisPlainJvmReportsWhyNot() {
        assumeTrue(System.getProperty(TornadoAvailability.RUNTIME_PROPERTY) == null, "running under TornadoVM");
        Availability a = new TornadoBackendProvider().availability();
        assertFalse(a.available());
        assertTrue(a.reason().contains("tornado-argfile") || a.reason().contains("not on the class path"), a.reason());
        Executable open = () -> new TornadoBackendProvider().open();
        ResNet4jException e = org.junit.jupiter.api.Assertions.assertThrows(ResNet4jException.class, open);
        assertTrue(e.getMessage().startsWith("backend 'tornadovm' is not available"), e.getMessage());
    }

    @Test
    void anAcceleratorOutranksJavaACpuDeviceOnlyWhenChosen() {
        var gpu = new DeviceChoice(0, 1, "gpu", true, false, List.of());
        var cpu = new DeviceChoice(0, 0, "cpu", false, false, List.of());
        var chosenCpu = new DeviceChoice(0, 0, "cpu", false, true, List.of());
        assertTrue(TornadoBackendProvider.rankFor(gpu) > JAVA_RANK);
        assertTrue(TornadoBackendProvider.rankFor(cpu) < JAVA_RANK);
        assertTrue(TornadoBackendProvider.rankFor(chosenCpu) > JAVA_RANK);
        assertTrue(cpu.summary().contains("ranked below java"), cpu.summary());
    }

    /** Under TornadoVM: available, naming a device, listing every device with the chosen one marked. */
    @Test
    void underTornadoVmItIsDiscoveredWithItsDevices() {
        assumeTrue(System.getProperty(TornadoAvailability.RUNTIME_PROPERTY) != null, "not running under TornadoVM");
        var found = Backends.discover();
        var tornado = found.stream().filter(d -> d.name().equals("tornadovm")).findFirst().orElseThrow();
        assertTrue(tornado.availability().available(), Backends.describe(found));
        var provider = (TornadoBackendProvider) tornado.provider();
        assertEquals(1, provider.devices().stream().filter(BackendDevice::selected).count(), Backends.describe(found));
        assertTrue(Backends.describe(found).contains(provider.choice().description()), Backends.describe(found));
        int java = found.indexOf(found.stream().filter(d -> d.name().equals("java")).findFirst().orElseThrow());
        assertEquals(provider.choice().accelerator(), found.indexOf(tornado) < java, Backends.describe(found));
    }
}
