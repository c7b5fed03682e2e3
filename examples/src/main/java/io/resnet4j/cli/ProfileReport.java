package io.resnet4j.cli;

import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.backend.StepTiming;
import io.resnet4j.tensor.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bench --profile}: where a forward's time goes, step by step (a step is what the backend runs as one
 * unit, e.g. a conv with its batch norm, residual add and ReLU fused). Each step's time is the median over
 * several profiled runs, so one preempted run does not move it.
 */
final class ProfileReport {
    private ProfileReport() {}

    static void print(PrintWriter out, CompiledGraph compiled, Tensor x, int runs) {
        List<List<StepTiming>> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Optional<List<StepTiming>> profile = compiled.profile(x);
            if (profile.isEmpty()) {
                out.println("profile: this backend does not report per-step times");
                return;
            }
            samples.add(profile.get());
        }
        List<StepTiming> first = samples.getFirst();
        List<StepTiming> medians = new ArrayList<>();
        for (int s = 0; s < first.size(); s++) {
            long[] t = new long[runs];
            for (int r = 0; r < runs; r++) {
                t[r] = samples.get(r).get(s).nanos();
            }
            Arrays.sort(t);
            medians.add(new StepTiming(first.get(s).step(), first.get(s).macs(), t[runs / 2]));
        }
        table(out, String.format(Locale.ROOT, "profile (median of %d runs per step):", runs), "step", medians);
    }

    /**
     * A peer's own profile of the same input, node by node as it reports them ({@code bench --profile --vs}):
     * its nodes are what it fused, so they line up with resnet4j's steps only roughly.
     */
    static void printPeer(PrintWriter out, String peer, Optional<List<StepTiming>> nodes, int runs) {
        if (nodes.isEmpty()) {
            out.println(peer + " profile: this peer does not report per-node times");
            return;
        }
        table(out, String.format(Locale.ROOT, "%s profile (its own, median of %d runs per node):", peer, runs), "node",
                nodes.get());
    }

    private static void table(PrintWriter out, String title, String what, List<StepTiming> medians) {
        double total = medians.stream().mapToDouble(t -> t.nanos() / 1e6).sum();
        int width = medians.stream().mapToInt(t -> t.step().length()).max().orElse(4);
        width = Math.min(Math.max(width, 4), 48);
        out.println(title);
        out.printf(Locale.ROOT, "  %-" + width + "s %9s %8s %7s%n", what, "ms", "GFLOP/s", "share");
        for (StepTiming t : medians) {
            double ms = t.nanos() / 1e6;
            String gflops = t.macs() == 0 || ms == 0 ? "" : String.format(Locale.ROOT, "%.1f", 2.0 * t.macs() / (ms * 1e6));
            String name = t.step().length() > width ? t.step().substring(0, width - 1) + "…" : t.step();
            out.printf(Locale.ROOT, "  %-" + width + "s %9.3f %8s %6.1f%%%n", name, ms, gflops, total == 0 ? 0 : 100 * ms / total);
        }
        out.printf(Locale.ROOT, "  %-" + width + "s %9.3f%n", "total of " + what + " medians", total);
    }
}
