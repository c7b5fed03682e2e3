package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.bench.Peers;
import io.resnet4j.bench.Timings;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.WeightLoader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Times checkpoint loading and forward passes in one JVM, after warm-up, and prints min / median / p90; with
 * {@code --vs PEER} beside a peer runtime on the same weights ({@link PeerBench}). Timings belong here, never in
 * unit tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Time loading a checkpoint (--weights) and forward passes, after warm-up; with --vs, alternate with a peer"
                + " runtime on the same weights and inputs and print the ratios. Several architectures or input sizes"
                + " (comma-separated) run one after another and end with a table of every ratio.",
        "Example: resnet4j bench --arch resnet50 --batch 1,8 --vs onnxruntime",
        "         resnet4j bench --arch resnet18,resnet50,resnext50_32x4d,wide_resnet50_2 --input 3x224x224,3x160x200"
                + " --batch 1,8 --vs onnxruntime"})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ArchOption arch;

    @Mixin
    WeightsOption weights;

    @Mixin
    BackendOption backend;

    @Mixin
    BenchShapesOption input;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs first (default: ${DEFAULT-VALUE}); "
            + "then, unless 0, more until the JIT compiler is done (at most 20 s).")
    int warmup;

    @Option(names = "--iterations", defaultValue = "10", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--profile", description = "Also print the time of every step (layer) of one forward, "
            + "its GFLOP/s and share of the total; with --vs, each peer's own per-node profile too.")
    boolean profile;

    @Option(names = "--soak", paramLabel = "N", description = "Instead of timing: N forwards from several threads, "
            + "each result checked against the sequential one; reports heap after GC before and after.")
    Integer soak;

    @Option(names = "--soak-threads", defaultValue = "4", description = "Threads of --soak (default: ${DEFAULT-VALUE}).")
    int soakThreads;

    @Option(names = "--vs", paramLabel = "PEER", split = ",",
            description = "Also run PEER on the same weights (exported with /usr/bin/python3's torch), alternating"
                    + " with resnet4j, and print the ratios. Peers: onnxruntime.")
    List<String> vs = new ArrayList<>();

    @Option(names = "--no-rss", negatable = false,
            description = "With --vs: skip measuring each runtime's peak RSS alone in a fresh JVM.")
    boolean noRss;

    /** Set in the fresh JVM that {@link RssProbe} starts: run only this runtime, then report VmHWM. */
    @Option(names = "--rss-probe", hidden = true)
    String rssProbe;

    @Spec
    CommandSpec spec;

    /** The peers already reported missing: said once per command. */
    final java.util.Set<String> skipped = new java.util.HashSet<>();

    @Override
    public Integer call() {
        if (warmup < 0 || iterations < 1) {
            throw new Main.UsageException("--warmup must be ≥ 0 and --iterations ≥ 1");
        }
        List<String> archNames = java.util.Arrays.stream(arch.arch.split(",")).map(String::trim)
                .filter(a -> !a.isEmpty()).toList();
        List<String> inputs = input.inputs();
        List<Shape> shapes = input.shapes();
        inputs.forEach(input::shapes); // every size checked before anything runs
        for (String peer : vs) {
            if (!Peers.known().contains(peer.trim().toLowerCase(Locale.ROOT))) {
                throw new Main.UsageException("unknown peer '" + peer + "' for --vs; known: " + String.join(", ", Peers.known()));
            }
        }
        vs = vs.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        List<Architecture> architectures = archNames.stream().map(ArchOption::resolve).toList();
        if (architectures.isEmpty()) {
            throw new Main.UsageException("--arch: name an architecture, e.g. resnet50 (see 'resnet4j archs')");
        }
        boolean matrix = architectures.size() > 1 || inputs.size() > 1;
        if (matrix && (soak != null || rssProbe != null || weights.weights != null)) {
            throw new Main.UsageException("several --arch or --input values go with neither --soak nor --weights");
        }
        if (soak != null) {
            return soak(architectures.getFirst(), shapes);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<PeerBench.Ratio> ratios = new ArrayList<>();
        for (int a = 0; a < architectures.size(); a++) {
            for (String size : inputs) {
                PeerBench bench = new PeerBench(this, architectures.get(a), archNames.get(a), size, input.shapes(size),
                        out, spec.commandLine().getErr());
                if (rssProbe != null) {
                    return bench.probe(rssProbe);
                }
                if (matrix) {
                    out.println();
                }
                bench.run();
                ratios.addAll(bench.ratios());
            }
        }
        if (matrix && !ratios.isEmpty()) {
            PeerBench.printSummary(out, ratios);
        }
        out.flush();
        return 0;
    }

    /** {@code --soak}: concurrent forwards of one compiled graph at the first batch size, checked and measured. */
    private int soak(Architecture architecture, List<Shape> shapes) {
        ResNetModel model = weights.create(architecture, spec.commandLine().getErr());
        try (Backend b = backend.open(); CompiledGraph compiled = model.compile(b)) {
            model = null; // the backend holds its own copy of the weights: let the originals go
            PlannedMemory.print(spec.commandLine().getOut(), compiled, shapes.getFirst());
            return SoakRun.run(spec.commandLine().getOut(), compiled, shapes.getFirst(), soak, soakThreads);
        }
    }

    /** Reads and loads the checkpoint warmup + iterations times; returns the timed ones. */
    double[] timeLoads(ResNetModel model) {
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

    void report(PrintWriter out, String what, double[] seconds) {
        Timings t = Timings.of(seconds);
        out.printf(Locale.ROOT, "%s: min %.1f ms, median %.1f ms, p90 %.1f ms (%d runs after %d warm-up)%n", what,
                t.min() * 1e3, t.median() * 1e3, t.p90() * 1e3, t.runs(), warmup);
    }

    static Tensor randomInput(Shape shape) {
        SplittableRandom random = new SplittableRandom(1);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Tensor.wrap(shape, v);
    }
}
