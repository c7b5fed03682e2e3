package io.resnet4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An optional backend whose module is absent is still listed, unavailable, with where to get it and how. */
class OptionalBackendsTest {

    @Test
    void withoutTornadoVmItIsListedWithWhereToGetIt() {
        var missing = OptionalBackends.missing(List.of(), Map.<String, String>of()::get);
        assertEquals(1, missing.size());
        Backends.Discovered d = missing.getFirst();
        assertEquals("tornadovm", d.name());
        assertFalse(d.availability().available());
        String why = d.availability().reason();
        assertTrue(why.contains("TORNADOVM_HOME is not set"), why);
        assertTrue(why.contains("github.com/beehive-lab/TornadoVM/releases") && why.contains("jdk25"), why);
    }

    @Test
    void choosingItSaysWhyNotInsteadOfUnknown() {
        var found = OptionalBackends.missing(List.of(), Map.<String, String>of()::get);
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> Backends.select("tornadovm", null, null, found));
        assertTrue(e.getMessage().startsWith("backend 'tornadovm' is not available: TornadoVM is not installed"),
                e.getMessage());
    }

    @Test
    void aDirectoryThatIsNoSdkIsCalledSo(@TempDir Path dir) {
        String why = OptionalBackends.tornadoReason(dir.toString());
        assertTrue(why.contains("is not a TornadoVM SDK"), why);
    }

    @Test
    void anSdkWithoutTheModuleNamesTheModule(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tornado-argfile"), "");
        String why = OptionalBackends.tornadoReason(dir.toString());
        assertTrue(why.contains("backend-tornadovm module is not on the class path"), why);
    }

    @Test
    void aRealProviderHidesThePlaceholder() {
        var placeholder = OptionalBackends.missing(List.of(), Map.<String, String>of()::get).getFirst();
        assertTrue(OptionalBackends.missing(List.of(placeholder), Map.<String, String>of()::get).isEmpty());
    }

    @Test
    void discoveryListsIt() {
        assertTrue(Backends.discover().stream().anyMatch(d -> d.name().equals("tornadovm")));
    }
}
