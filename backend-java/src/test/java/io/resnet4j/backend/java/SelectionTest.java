package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import org.junit.jupiter.api.Test;

/** The settings read from system properties: kernel path and thread count. */
class SelectionTest {

    @Test
    void vectorPathIsChosenByDefaultWhenTheModuleIsPresent() {
        // surefire runs with --add-modules jdk.incubator.vector (see the pom)
        assertInstanceOf(VectorKernels.class, KernelSelection.choose(null));
        assertInstanceOf(VectorKernels.class, KernelSelection.choose("TRUE"));
        assertTrue(KernelSelection.choose(null).describe().startsWith("Vector API"));
    }

    @Test
    void falseSelectsTheScalarPath() {
        Kernels k = KernelSelection.choose("false");
        assertInstanceOf(ScalarKernels.class, k);
        assertTrue(k.describe().contains("resnet4j.java.vector=false"), k.describe());
    }

    @Test
    void otherValuesAreRefusedNamingTheProperty() {
        var e = assertThrows(ResNet4jException.class, () -> KernelSelection.choose("sometimes"));
        assertTrue(e.getMessage().contains("resnet4j.java.vector") && e.getMessage().contains("sometimes"));
    }

    @Test
    void threadCountComesFromThePropertyOrTheProcessors() {
        assertEquals(6, JavaBackendSettings.threads(null, 6));
        assertEquals(3, JavaBackendSettings.threads(" 3 ", 6));
        for (String bad : new String[] {"0", "-2", "many"}) {
            var e = assertThrows(ResNet4jException.class, () -> JavaBackendSettings.threads(bad, 6));
            assertTrue(e.getMessage().contains("resnet4j.java.threads"), e.getMessage());
        }
        assertThrows(ResNet4jException.class, () -> new JavaBackend(0));
    }

    @Test
    void theDescriptionSaysOneThreadNotOneThreads() {
        String previous = System.setProperty(JavaBackendSettings.THREADS_PROPERTY, "1");
        try {
            String reason = new JavaBackendProvider().availability().reason();
            assertTrue(reason.startsWith("pure Java, 1 thread, "), reason);
            System.setProperty(JavaBackendSettings.THREADS_PROPERTY, "3");
            assertTrue(new JavaBackendProvider().availability().reason().startsWith("pure Java, 3 threads, "));
        } finally {
            if (previous == null) {
                System.clearProperty(JavaBackendSettings.THREADS_PROPERTY);
            } else {
                System.setProperty(JavaBackendSettings.THREADS_PROPERTY, previous);
            }
        }
    }
}
