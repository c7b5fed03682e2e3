package io.resnet4j.conformance;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line per property as it finishes, and for a failure the assertion and jqwik's report (seed,
 * shrunk and original sample); also collects the names of failed properties for callers such as the tests of
 * the suite's teeth.
 */
public final class PropertyReport implements TestExecutionListener {
    private final PrintStream out;
    private final boolean progress;
    private final Map<String, List<ReportEntry>> entries = new HashMap<>();
    private final Map<String, Long> started = new HashMap<>();
    private final List<String> failedNames = new ArrayList<>();
    private int passed;
    private int skipped;

    /** {@code progress}: also print a line as each property starts (for long runs). */
    public PropertyReport(PrintStream out, boolean progress) {
        this.out = out;
        this.progress = progress;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            started.put(id.getUniqueId(), System.nanoTime());
            if (progress) {
                out.println("  ...  " + id.getDisplayName());
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        skipped++;
        out.println("SKIPPED " + id.getDisplayName() + ": " + reason);
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entries.computeIfAbsent(id.getUniqueId(), k -> new ArrayList<>()).add(entry);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        if (!id.isTest() && ok) {
            return;
        }
        Long t0 = started.get(id.getUniqueId());
        String time = t0 == null ? "" : String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - t0) / 1e9);
        if (ok) {
            passed++;
            out.println("PASS    " + id.getDisplayName() + time);
            return;
        }
        failedNames.add(id.getDisplayName());
        out.println((result.getStatus() == TestExecutionResult.Status.ABORTED ? "ABORTED " : "FAIL    ")
                + id.getDisplayName() + time);
        result.getThrowable().ifPresent(t -> out.println("        " + String.valueOf(t.getMessage()).replace("\n", "\n        ")));
        for (ReportEntry e : entries.getOrDefault(id.getUniqueId(), List.of())) {
            e.getKeyValuePairs().forEach((k, v) -> out.println("        " + k + ": " + v.replace("\n", "\n        ")));
        }
    }

    public int passed() {
        return passed;
    }

    /** Properties (or containers) skipped, each with its reason printed. */
    public int skipped() {
        return skipped;
    }

    public int failed() {
        return failedNames.size();
    }

    /** Display names of the properties (or containers) that failed or aborted. */
    public List<String> failedNames() {
        return List.copyOf(failedNames);
    }
}
