package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the whole contract for one backend through the JUnit Platform, for the CLI's {@code conformance} command,
 * printing one line per property (PASS, FAIL with the shrunk counterexample and seed, or SKIPPED with the reason).
 */
public final class ConformanceRunner {

    private ConformanceRunner() {}

    private static final Logger JQWIK_LOG = Logger.getLogger("net.jqwik");

    /**
     * @param backendName a backend {@link Backends} can open, or {@code reference}
     * @param tries       tries per property (expensive properties run a third)
     * @param seed        jqwik seed for reproducing a failure; null for a random one
     * @return whether every property that ran passed
     */
    public static boolean run(String backendName, int tries, Long seed, PrintStream out) {
        // jqwik logs routine notes (e.g. "edge case generation exceeds number of tries") through JUL at INFO;
        // the report below is the output, so keep only warnings. The field keeps the logger (and level) alive.
        JQWIK_LOG.setLevel(Level.WARNING);
        if (tries < 1) {
            throw new ResNet4jException("tries must be at least 1, got " + tries);
        }
        String shownName = backendName;
        if (!backendName.equals("reference")) {
            try (Backend probe = Backends.open(backendName)) {
                shownName = probe.name();
            }
        }
        out.println("conformance of backend '" + shownName + "', " + tries + " tries per property"
                + (seed == null ? "" : ", seed " + seed));
        Map<String, String> settings = new HashMap<>();
        settings.put(SelectedBackendConformanceTest.BACKEND, backendName);
        settings.put(ConformanceSettings.TRIES, Integer.toString(tries));
        settings.put(ConformanceSettings.SEED, seed == null ? null : seed.toString());
        Map<String, String> previous = swapSystemProperties(settings);
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("resnet4j-conformance");
            PropertyReport report = new PropertyReport(out, tries >= 300);
            boolean ok = launch(SelectedBackendConformanceTest.class, scratch.resolve("jqwik.db"), report);
            out.println((ok ? "PASSED: " : "FAILED: ") + summary(report));
            return ok;
        } catch (IOException e) {
            throw new ResNet4jException("cannot create jqwik's scratch database: " + e, e);
        } finally {
            swapSystemProperties(previous);
            if (scratch != null) {
                scratch.resolve("jqwik.db").toFile().delete();
                scratch.toFile().delete();
            }
        }
    }

    /** "19 passed, 0 failed, 1 skipped": a skipped property is counted, not hidden behind "PASSED". */
    static String summary(PropertyReport report) {
        return report.passed() + " passed, " + report.failed() + " failed, " + report.skipped() + " skipped";
    }

    /**
     * Runs {@code contractClass}'s properties, reporting to {@code report}; returns whether all that ran passed.
     * jqwik's failure database goes to {@code database}, not the working directory, and a rerun does not
     * replay earlier failures first, so every run is what its seed says.
     */
    static boolean launch(Class<?> contractClass, Path database, PropertyReport report) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(contractClass))
                .configurationParameter("jqwik.database", database.toString())
                .configurationParameter("jqwik.failures.after.default", "RANDOM_SEED")
                .configurationParameter("jqwik.reporting.onlyfailures", "true")
                // jqwik's failure report (seed, samples) goes to the listener, which prints it where it belongs,
                // rather than to System.out: a test of the suite's teeth keeps expected failures out of the log.
                .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, report);
        return report.failed() == 0 && report.passed() > 0;
    }

    private static Map<String, String> swapSystemProperties(Map<String, String> values) {
        Map<String, String> old = new HashMap<>();
        values.forEach((k, v) -> {
            old.put(k, System.getProperty(k));
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        return old;
    }
}
