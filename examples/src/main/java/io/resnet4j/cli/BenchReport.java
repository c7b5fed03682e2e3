package io.resnet4j.cli;

import io.resnet4j.bench.Timings;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints {@code bench}'s table: one block per batch size, one row per runtime, then the ratios. */
final class BenchReport {
    private static final String ROW = "  %-20s %9s %9s %9s %9s %9s %9s %8s%n";

    private final PrintWriter out;
    private double peakGflops;

    /** {@code peakGflops}: this machine's measured FMA peak, the denominator of the "of peak" column. */
    BenchReport(PrintWriter out, double peakGflops) {
        this.out = out;
        this.peakGflops = peakGflops;
    }

    /**
     * Another measurement of the FMA peak: the best so far becomes the denominator. On a shared machine one
     * measurement can land in a busy moment: the first of a session read 181 GFLOP/s where later ones read 249–295,
     * and ONNX Runtime then showed 107% "of peak".
     */
    void peakMeasured(double gflops) {
        peakGflops = Math.max(peakGflops, gflops);
    }

    double peakGflops() {
        return peakGflops;
    }

    void batchHeader(String shape) {
        out.printf(Locale.ROOT, "%n%s%n", shape);
        out.printf(Locale.ROOT, ROW, "", "median", "min", "p90", "p90/med", "img/s", "GFLOP/s", "of peak");
    }

    /** {@code macs}: multiply-accumulates of one forward pass over the whole batch; a FLOP is half a MAC. */
    void row(String label, Timings t, int batch, long macs) {
        double gflops = 2.0 * macs / t.median() / 1e9;
        out.printf(Locale.ROOT, ROW, label, ms(t.median()), ms(t.min()), ms(t.p90()),
                String.format(Locale.ROOT, "%.2f", t.p90OverMedian()),
                String.format(Locale.ROOT, "%.1f", t.imagesPerSecond(batch)),
                String.format(Locale.ROOT, "%.1f", gflops),
                String.format(Locale.ROOT, "%.1f%%", 100 * gflops / peakGflops));
    }

    /**
     * resnet4j against one peer: throughput ratio (above 1 is resnet4j faster), median latency ratio (below 1 is
     * resnet4j faster), and how far apart their logits are on the same input.
     */
    void ratio(String peer, Timings resnet4j, Timings other, double maxAbsDiff, double maxAbsLogit) {
        out.printf(Locale.ROOT, "  resnet4j / %s: throughput %.2fx, median latency %.2fx;"
                        + " logits max |diff| %.2e (max |logit| %.3g)%n",
                peer, other.median() / resnet4j.median(), resnet4j.median() / other.median(), maxAbsDiff, maxAbsLogit);
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
    }
}
