package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The backend is found through {@link java.util.ServiceLoader} like any other. */
class DiscoveryTest {

    @Test
    void discoverFindsJavaAvailable() {
        var java = Backends.discover().stream().filter(d -> d.name().equals("java")).findFirst().orElseThrow();
        assertTrue(java.availability().available(), java.toString());
        assertEquals(100, java.provider().rank());
        assertTrue(java.availability().reason().contains("threads"), java.toString());
    }

    @Test
    void openByNameGivesAWorkingJavaBackend() {
        try (Backend backend = Backends.open("java")) {
            assertInstanceOf(JavaBackend.class, backend);
            assertEquals("java", backend.name());
            Graph.Builder g = Graph.builder(1);
            Graph graph = g.build(g.add("relu", new Op.Relu(), g.input()));
            Tensor y = backend.compile(graph).run(Tensor.wrap(new float[] {-1, 2}, 1, 1, 1, 2));
            assertEquals(0f, y.data()[0]);
            assertEquals(2f, y.data()[1]);
        }
    }

    @Test
    void unknownNameListsJava() {
        var e = assertThrows(ResNet4jException.class, () -> Backends.open("nope"));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("java"), e.getMessage());
    }
}
