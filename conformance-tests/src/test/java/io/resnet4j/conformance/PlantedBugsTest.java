package io.resnet4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The suite's teeth: every planted bug makes at least one property fail. */
class PlantedBugsTest {
    /** Tries per property against a planted bug: every bug is caught well within them (see the suite's report). */
    private static final int TRIES = 15;
    /**
     * One fixed seed, so that this test is deterministic (every bug was also caught at random seeds) and every
     * bug's suite draws the same models, which are then compiled once (GeneratedModels caches them).
     */
    private static final String SEED = "20261201";

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @ParameterizedTest
    @EnumSource(PlantedBugs.class)
    void contractCatchesPlantedBug(PlantedBugs bug, @TempDir Path dir) throws Exception {
        String before = System.getProperty(ConformanceSettings.SHRINKING);
        String triesBefore = System.getProperty(ConformanceSettings.TRIES);
        String seedBefore = System.getProperty(ConformanceSettings.SEED);
        // Only detection matters here; shrinking a failure of a deliberately broken backend would cost CI time,
        // and so would the full tries of every property that (rightly) passes.
        System.setProperty(ConformanceSettings.SHRINKING, "off");
        System.setProperty(ConformanceSettings.TRIES, Integer.toString(TRIES));
        System.setProperty(ConformanceSettings.SEED, SEED);
        BrokenBackendSuite.bug = bug;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PropertyReport report = new PropertyReport(new PrintStream(text, true, StandardCharsets.UTF_8), false);
        try {
            boolean passed = ConformanceRunner.launch(BrokenBackendSuite.class, dir.resolve("jqwik.db"), report);
            System.out.println(bug + " caught by " + report.failedNames());
            assertFalse(passed, bug + " went unnoticed:\n" + text.toString(StandardCharsets.UTF_8));
            assertTrue(report.failed() >= 1);
            assertEquals(List.of(), bug.unexpectedCatches(report.failedNames()),
                    () -> bug + " was caught by properties older than the one planted for:\n"
                            + text.toString(StandardCharsets.UTF_8));
            assertTrue(text.toString(StandardCharsets.UTF_8).contains(bug.reportMustContain()),
                    () -> bug + " was not caught by the check '" + bug.reportMustContain() + "':\n"
                            + text.toString(StandardCharsets.UTF_8));
        } finally {
            restore(ConformanceSettings.TRIES, triesBefore);
            restore(ConformanceSettings.SEED, seedBefore);
            restore(ConformanceSettings.SHRINKING, before);
        }
    }
}
