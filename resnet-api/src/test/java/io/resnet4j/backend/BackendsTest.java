package io.resnet4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import io.resnet4j.graph.Graph;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private record Fake(String name, int rank, Availability availability) implements BackendProvider {
        @Override
        public Backend open() {
            return new Backend() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public CompiledGraph compile(Graph graph) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {}
            };
        }
    }

    private static final List<Backends.Discovered> FOUND = List.of(
            new Backends.Discovered(new Fake("gpu", 200, Availability.no("no OpenCL device")), Availability.no("no OpenCL device")),
            new Backends.Discovered(new Fake("java", 100, Availability.yes("")), Availability.yes("")),
            new Backends.Discovered(new Fake("slow", 10, Availability.yes("")), Availability.yes("")));

    @Test
    void highestRankedAvailableWinsWhenNothingIsNamed() {
        assertEquals("java", Backends.select(null, null, null, FOUND).name());
    }

    @Test
    void explicitNameBeatsPropertyWhichBeatsEnvironment() {
        assertEquals("slow", Backends.select("slow", "java", "java", FOUND).name());
        assertEquals("slow", Backends.select(null, "slow", "java", FOUND).name());
        assertEquals("slow", Backends.select(" ", null, "SLOW", FOUND).name());
    }

    @Test
    void unavailableNameIsAnErrorWithTheReasonNotAFallback() {
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> Backends.select("gpu", null, null, FOUND));
        assertTrue(e.getMessage().startsWith("backend 'gpu' is not available: no OpenCL device"), e.getMessage());
        assertTrue(e.getMessage().contains("java") && e.getMessage().contains("slow"), e.getMessage());
    }

    @Test
    void unknownNameListsEveryBackend() {
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> Backends.select(null, null, "cuda", FOUND));
        assertTrue(e.getMessage().startsWith("unknown backend 'cuda'"), e.getMessage());
        assertTrue(e.getMessage().contains("unavailable: no OpenCL device"), e.getMessage());
    }

    @Test
    void aNameFromThePropertyOrTheEnvironmentSaysWhereItCameFrom() {
        ResNet4jException env = assertThrows(ResNet4jException.class, () -> Backends.select(null, null, "jav", FOUND));
        assertTrue(env.getMessage().startsWith("unknown backend 'jav' (from $RESNET4J_BACKEND) (did you mean 'java'?)"),
                env.getMessage());
        ResNet4jException prop = assertThrows(ResNet4jException.class, () -> Backends.select(null, "gpu", null, FOUND));
        assertTrue(prop.getMessage().startsWith("backend 'gpu' (from -Dresnet4j.backend) is not available"), prop.getMessage());
    }

    @Test
    void noAvailableBackendIsAnError() {
        assertThrows(ResNet4jException.class, () -> Backends.select(null, null, null, FOUND.subList(0, 1)));
    }
}
