package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.WeightLoader;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Times checkpoint loading and forward passes in one JVM, after warm-up, and prints min / median / p90.
 * Timings belong here, never in unit tests; compare against peers measured in the same session.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Time loading a checkpoint (--weights) and forward passes, after warm-up.",
        "Example: resnet4j bench --arch resnet50 --weights resnet50.pth --iterations 20"})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ArchOption arch;

    @Mixin
    WeightsOption weights;

    @Mixin
    BackendOption backend;

    @Mixin
    InputShapeOption input;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", defaultValue = "10", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--profile", description = "Also print the time of every step (layer) of one forward, "
            + "its GFLOP/s and share of the total.")
    boolean profile;

    @Option(names = "--soak", paramLabel = "N", description = "Instead of timing: N forwards from several threads, "
            + "each result checked against the sequential one; reports heap after GC before and after.")
    Integer soak;

    @Option(names = "--soak-threads", defaultValue = "4", description = "Threads of --soak (default: ${DEFAULT-VALUE}).")
    int soakThreads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (warmup < 0 || iterations < 1) {
            throw new Main.UsageException("--warmup must be ≥ 0 and --iterations ≥ 1");
        }
        Shape shape = input.shape();
        PrintWriter out = spec.commandLine().getOut();
        Architecture architecture = arch.resolve();
        ResNetModel model = weights.create(architecture, spec.commandLine().getErr());
        if (weights.weights != null) {
            report(out, "load " + weights.weights.getFileName(), timeLoads(model));
        }
        Tensor x = randomInput(shape);
        long macs = model.macs(shape);
        try (Backend b = backend.open(); CompiledGraph compiled = model.compile(b)) {
            model = null; // the backend holds its own copy of the weights: let the originals go
            PlannedMemory.print(out, compiled, shape);
            if (soak != null) {
                return SoakRun.run(out, compiled, shape, soak, soakThreads);
            }
            for (int i = 0; i < warmup; i++) {
                compiled.run(x);
            }
            double[] seconds = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                compiled.run(x);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            String what = String.format(Locale.ROOT, "forward %s %s on %s", architecture.id(), shape, b.name());
            double median = report(out, what, seconds);
            out.printf(Locale.ROOT, "  %.1f images/s, %.1f GMAC/s at the median%n", shape.dim(0) / median, macs / median / 1e9);
            if (profile) {
                ProfileReport.print(out, compiled, x, Math.max(3, iterations));
            }
        }
        out.flush();
        return 0;
    }

    /** Reads and loads the checkpoint warmup + iterations times; returns the timed ones. */
    private double[] timeLoads(ResNetModel model) {
        double[] seconds = new double[iterations];
        for (int i = -warmup; i < iterations; i++) {
            long start = System.nanoTime();
            try (Checkpoint cp = Checkpoints.read(weights.weights)) {
                WeightLoader.load(model.stateDict(), cp, !weights.lenient);
            } catch (CheckpointException e) {
                throw new ResNet4jException(e.getMessage(), e);
            }
            if (i >= 0) {
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        return seconds;
    }

    private double report(PrintWriter out, String what, double[] seconds) {
        double[] s = seconds.clone();
        Arrays.sort(s);
        double median = s[s.length / 2];
        out.printf(Locale.ROOT, "%s: min %.1f ms, median %.1f ms, p90 %.1f ms (%d runs after %d warm-up)%n", what,
                s[0] * 1e3, median * 1e3, s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)] * 1e3,
                s.length, warmup);
        return median;
    }

    private static Tensor randomInput(Shape shape) {
        SplittableRandom random = new SplittableRandom(1);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Tensor.wrap(shape, v);
    }
}
