package io.resnet4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import io.resnet4j.conformance.golden.GoldenFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceRunnerTest {

    /**
     * Golden data is pointed at an empty directory, so the golden property is skipped (JavaBackendConformanceTest
     * runs it) and the skip path is shown with its reason.
     */
    @Test
    void printsOneLinePerPropertyForACorrectBackend(@TempDir Path noGoldenData) {
        String previous = System.setProperty(GoldenFixtures.DIR_PROPERTY, noGoldenData.toString());
        try {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            // The reference backend: correct by construction, so the test is about the runner, not a backend.
            boolean ok = ConformanceRunner.run("reference", 2, 42L, new PrintStream(text, true, StandardCharsets.UTF_8));
            String out = text.toString(StandardCharsets.UTF_8);
            assertTrue(ok, out);
            // 24 synthetic properties plus the whole-model one (resnet-codegen is on the test class path)
            assertEquals(26, out.lines().filter(l -> l.startsWith("PASS ")).count(), out);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("SKIPPED") && l.contains("builtInModelsMatchTorchvisionAtEveryTap")
                    && l.contains("holds no golden data")), out);
            assertTrue(out.contains("seed 42"), out);
            assertTrue(out.lines().anyMatch(l -> l.equals("PASSED: 26 passed, 0 failed, 1 skipped")), out);
        } finally {
            if (previous == null) {
                System.clearProperty(GoldenFixtures.DIR_PROPERTY);
            } else {
                System.setProperty(GoldenFixtures.DIR_PROPERTY, previous);
            }
        }
    }

    @Test
    void refusesAnUnknownBackendByName() {
        ResNet4jException e = assertThrows(ResNet4jException.class,
                () -> ConformanceRunner.run("no-such-backend", 1, null, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("no-such-backend"), e.getMessage());
    }
}
