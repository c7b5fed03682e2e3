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
        double[] medians = new double[first.size()];
        double total = 0;
        for (int s = 0; s < first.size(); s++) {
            double[] t = new double[runs];
            for (int r = 0; r < runs; r++) {
                t[r] = samples.get(r).get(s).nanos() / 1e6;
            }
            Arrays.sort(t);
            medians[s] = t[runs / 2];
            total += medians[s];
        }
        int width = first.stream().mapToInt(t -> t.step().length()).max().orElse(4);
        width = Math.min(Math.max(width, 4), 48);
        out.printf(Locale.ROOT, "profile (median of %d runs per step):%n", runs);
        out.printf(Locale.ROOT, "  %-" + width + "s %9s %8s %7s%n", "step", "ms", "GFLOP/s", "share");
        for (int s = 0; s < first.size(); s++) {
            StepTiming t = first.get(s);
            String gflops = t.macs() == 0 ? "" : String.format(Locale.ROOT, "%.1f", 2.0 * t.macs() / (medians[s] * 1e6));
            String name = t.step().length() > width ? t.step().substring(0, width - 1) + "…" : t.step();
            out.printf(Locale.ROOT, "  %-" + width + "s %9.3f %8s %6.1f%%%n", name, medians[s], gflops,
                    100 * medians[s] / total);
        }
        out.printf(Locale.ROOT, "  %-" + width + "s %9.3f%n", "total of step medians", total);
    }
}
