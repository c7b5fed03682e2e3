package io.resnet4j.conformance.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table of measured differences (one row per tap), in the order measured, as Markdown (for stdout and the issue note). */
public final class ParityReport {
    private final List<TapParity> rows = new ArrayList<>();
    private final List<String> timings = new ArrayList<>();

    public synchronized void add(List<TapParity> parities) {
        rows.addAll(parities);
    }

    public synchronized void addTiming(String arch, String size, long loadMillis, long forwardMillis) {
        timings.add(String.format(Locale.ROOT, "| %s | %s | %d | %d |", arch, size, loadMillis, forwardMillis));
    }

    static String header() {
        return "| arch | size | tap | shape | max abs | torch f32 err | backend vs f64 | backend vs torch f32 | ratio | tol | ok |\n"
                + "|---|---|---|---|---:|---:|---:|---:|---:|---:|---|";
    }

    public static String row(TapParity p) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %.3g | %.2e | %.2e | %.2e | %.2f | %.2e | %s |",
                p.arch(), p.size(), p.tap(), p.shape(), p.maxAbs(), p.torchF32Err(), p.backendVsF64(),
                p.backendVsTorchF32(), p.ratioToTorch(), p.tolerance(), p.passes() ? "yes" : "**NO**");
    }

    public static String table(List<TapParity> parities) {
        StringBuilder sb = new StringBuilder(header());
        for (TapParity p : parities) {
            sb.append('\n').append(row(p));
        }
        return sb.toString();
    }

    public synchronized String render(String backend) {
        return "# resnet4j vs torchvision parity (backend " + backend + ", batch 2)\n\n"
                + "Differences are max |a - b| over the whole tap; `torch f32 err` is torch's own float32 error "
                + "(vs its float64 run), `ratio` = backend vs f64 / torch f32 err, "
                + String.format(Locale.ROOT, "`tol` = max(%.0f · torch f32 err, %.0e · max abs).%n%n",
                        TapParity.RELATIVE_TO_TORCH, TapParity.ROUNDING_FLOOR)
                + (rows.isEmpty() ? "No architecture was compared (skipped: see the test output).\n\n" : "")
                + table(rows) + "\n\n## Timings (ms)\n\n| arch | size | load .pth | forward (all taps) |\n|---|---|---:|---:|\n"
                + String.join("\n", timings) + "\n";
    }

    public synchronized void write(Path file, String backend) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, render(backend));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
