package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.backend.java.JavaBackend;
import io.resnet4j.bench.FmaPeak;
import io.resnet4j.bench.OnnxExport;
import io.resnet4j.bench.PeakRss;
import io.resnet4j.bench.PeerFiles;
import io.resnet4j.bench.PeerModel;
import io.resnet4j.bench.PeerRuntime;
import io.resnet4j.bench.PeerUnavailableException;
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
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Times checkpoint loading and forward passes in one JVM, after warm-up, and prints min / median / p90. With
 * {@code --vs PEER} the peer runs the same weights on the same inputs, alternating with resnet4j, and the ratios
 * are printed; peak RSS is then measured per runtime, each alone in a fresh JVM ({@link RssProbe}).
 * Timings belong here, never in unit tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Time loading a checkpoint (--weights) and forward passes, after warm-up; with --vs, alternate with a peer",
        "runtime on the same weights and inputs and print the ratios.",
        "Example: resnet4j bench --arch resnet50 --batch 1,8 --vs onnxruntime"})
final class BenchCommand implements Callable<Integer> {
    static final String RESNET4J = "resnet4j";

    @Mixin
    ArchOption arch;

    @Mixin
    WeightsOption weights;

    @Mixin
    BackendOption backend;

    @Mixin
    BenchShapesOption input;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", defaultValue = "10", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int iterations;

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

    @Override
    public Integer call() {
        if (warmup < 0 || iterations < 1) {
            throw new Main.UsageException("--warmup must be ≥ 0 and --iterations ≥ 1");
        }
        List<Shape> shapes = input.shapes();
        for (String peer : vs) {
            if (!Peers.known().contains(peer.trim().toLowerCase(Locale.ROOT))) {
                throw new Main.UsageException("unknown peer '" + peer + "' for --vs; known: " + String.join(", ", Peers.known()));
            }
        }
        vs = vs.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Architecture architecture = arch.resolve();
        if (rssProbe != null) {
            return probe(architecture, shapes, out, err);
        }
        List<PeerRuntime> peers = usablePeers(err);
        PeerFiles files = peers.isEmpty() ? null : export(architecture, err);
        if (files == null) {
            peers = List.of();
        }
        ResNetModel model = files == null ? weights.create(architecture, err) : load(architecture, files);
        if (weights.weights != null) {
            report(out, "load " + weights.weights.getFileName(), timeLoads(model));
        }
        try (Backend b = backend.open(); CompiledGraph compiled = model.compile(b)) {
            int threads = threadsOf(b);
            List<PeerModel> loaded = new ArrayList<>();
            try {
                for (PeerRuntime p : peers) {
                    loaded.add(p.load(files, threads));
                }
                printHeader(out, architecture, b, threads, peers, loaded, files);
                FmaPeak.Result peak = FmaPeak.measure(threads);
                out.println("FMA peak of this machine: " + peak.describe());
                BenchReport table = new BenchReport(out, peak.gflops());
                for (Shape shape : shapes) {
                    compare(table, model, compiled, shape, peers, loaded);
                }
            } catch (PeerUnavailableException e) {
                throw new ResNet4jException(e.getMessage(), e);
            } finally {
                loaded.forEach(PeerModel::close);
            }
        }
        printPeakRss(out, peers, shapes);
        out.flush();
        return 0;
    }

    /** One batch size: every runtime alternately, then the table rows and, per peer, the ratios. */
    private void compare(BenchReport table, ResNetModel model, CompiledGraph compiled, Shape shape,
            List<PeerRuntime> peers, List<PeerModel> loaded) {
        Tensor x = randomInput(shape);
        List<AlternatingRuns.Runner> runners = new ArrayList<>();
        runners.add(new AlternatingRuns.Runner(RESNET4J, () -> compiled.run(x)));
        for (int i = 0; i < peers.size(); i++) {
            runners.add(new AlternatingRuns.Runner(peers.get(i).version(), loaded.get(i).bind(x)));
        }
        AlternatingRuns.Outcome outcome = AlternatingRuns.run(runners, warmup, iterations);
        long macs = model.macs(shape);
        int batch = shape.dim(0);
        table.batchHeader(String.format(Locale.ROOT, "batch %d, %s, %d runs after %d warm-up%s", batch,
                shape.toCompactString(), iterations, warmup, peers.isEmpty() ? "" : ", alternating"));
        for (int i = 0; i < runners.size(); i++) {
            table.row(runners.get(i).label(), outcome.timings().get(i), batch, macs);
        }
        Tensor reference = outcome.lastOutputs().get(0);
        double maxLogit = maxAbs(reference);
        for (int i = 0; i < peers.size(); i++) {
            Tensor theirs = outcome.lastOutputs().get(i + 1);
            if (!theirs.shape().equals(reference.shape())) {
                throw new ResNet4jException(peers.get(i).name() + " returned logits of shape " + theirs.shape()
                        + ", resnet4j " + reference.shape() + ": not the same model");
            }
            table.ratio(peers.get(i).name(), outcome.timings().get(0), outcome.timings().get(i + 1),
                    reference.maxAbsDiff(theirs), maxLogit);
        }
    }

    /** The peers asked for that can run here; the others are skipped with one line each on {@code err}. */
    private List<PeerRuntime> usablePeers(PrintWriter err) {
        List<PeerRuntime> usable = new ArrayList<>();
        for (String name : vs) {
            Optional<PeerRuntime> found = Peers.find(name);
            Optional<String> why = found.isPresent() ? found.get().unavailable() : Optional.of(Peers.howToGet(name));
            if (why.isPresent()) {
                skip(err, name, why.get());
            } else {
                usable.add(found.get());
            }
        }
        return usable;
    }

    /** The same weights for every runtime, or null (with one line on {@code err}) when they cannot be had. */
    private PeerFiles export(Architecture architecture, PrintWriter err) {
        try {
            return OnnxExport.locate().export(architecture.id(), weights.weights, err);
        } catch (PeerUnavailableException e) {
            skip(err, String.join(",", vs), e.getMessage());
            return null;
        }
    }

    private static void skip(PrintWriter err, String peer, String why) {
        err.println("resnet4j: skipping --vs " + peer.trim() + ": " + why);
    }

    /** The model with the exported state_dict, so resnet4j computes with the very weights the peers got. */
    private ResNetModel load(Architecture architecture, PeerFiles files) {
        ResNetModel model = architecture.create(weights.seed);
        try (Checkpoint checkpoint = Checkpoints.read(files.stateDict())) {
            WeightLoader.load(model.stateDict(), checkpoint, true);
        } catch (CheckpointException e) {
            throw new ResNet4jException(files.stateDict() + ": " + e.getMessage(), e);
        }
        return model;
    }

    private void printHeader(PrintWriter out, Architecture architecture, Backend b, int threads,
            List<PeerRuntime> peers, List<PeerModel> loaded, PeerFiles files) {
        out.printf(Locale.ROOT, "%s, %s: %s%n", architecture.id(), input.input, b instanceof JavaBackend j
                ? "java backend, " + threads + (threads == 1 ? " thread, " : " threads, ") + j.kernelDescription() : b.name() + " backend");
        for (int i = 0; i < peers.size(); i++) {
            out.printf(Locale.ROOT, "%s: %s%n", peers.get(i).version(), loaded.get(i).settings());
        }
        if (files != null) {
            out.println("same weights for all: " + files.stateDict() + " and " + files.onnx().getFileName()
                    + " beside it (tools/bench/export_onnx.py)");
        }
    }

    /** Peak RSS per runtime, each alone in a fresh JVM; without peers, this JVM's own. */
    private void printPeakRss(PrintWriter out, List<PeerRuntime> peers, List<Shape> shapes) {
        if (peers.isEmpty()) {
            PeakRss.ofThisProcess().ifPresent(bytes -> out.println("\npeak RSS of this JVM (VmHWM): " + PeakRss.format(bytes)));
            return;
        }
        if (noRss) {
            return;
        }
        out.printf(Locale.ROOT, "%npeak RSS, each runtime alone in a fresh JVM (VmHWM after %d warm-up + 1 runs at batch %s):%n",
                warmup, input.batchList());
        out.flush();
        RssProbe.Measured ours = RssProbe.measure(childArgs(), RESNET4J);
        out.println("  " + RESNET4J + ": " + describe(ours));
        for (PeerRuntime p : peers) {
            RssProbe.Measured theirs = RssProbe.measure(childArgs(), p.name());
            out.print("  " + p.version() + ": " + describe(theirs));
            if (ours.bytes().isPresent() && theirs.bytes().isPresent()) {
                out.printf(Locale.ROOT, "; resnet4j / %s: %.2fx", p.name(),
                        (double) ours.bytes().getAsLong() / theirs.bytes().getAsLong());
            }
            out.println();
        }
    }

    private static String describe(RssProbe.Measured m) {
        return m.bytes().isPresent() ? PeakRss.format(m.bytes().getAsLong()) : "not measured, " + m.failure();
    }

    /** This bench again, for a fresh JVM: the same model, weights, backend and shapes, one timed run. */
    private List<String> childArgs() {
        List<String> a = new ArrayList<>(List.of("bench", "--arch", arch.arch, "--input", input.input,
                "--batch", input.batchList(), "--warmup", String.valueOf(warmup), "--iterations", "1",
                "--seed", String.valueOf(weights.seed)));
        if (backend.name != null) {
            a.addAll(List.of("--backend", backend.name));
        }
        if (weights.weights != null) {
            a.addAll(List.of("--weights", weights.weights.toAbsolutePath().toString()));
        }
        if (weights.lenient) {
            a.add("--no-strict");
        }
        if (!vs.isEmpty()) {
            a.addAll(List.of("--vs", String.join(",", vs)));
        }
        return a;
    }

    /**
     * In the fresh JVM: only {@link #rssProbe}'s runtime, warm-up plus the timed runs per shape, untimed. The
     * other runtimes are not even looked at (a peer's native library would count against resnet4j).
     */
    private int probe(Architecture architecture, List<Shape> shapes, PrintWriter out, PrintWriter err) {
        int runs = warmup + iterations;
        try {
            PeerFiles files = vs.isEmpty() ? null : OnnxExport.locate().export(architecture.id(), weights.weights, err);
            if (rssProbe.equals(RESNET4J)) {
                ResNetModel model = files == null ? weights.create(architecture, err) : load(architecture, files);
                try (Backend b = backend.open(); CompiledGraph compiled = model.compile(b)) {
                    for (Shape shape : shapes) {
                        Tensor x = randomInput(shape);
                        for (int i = 0; i < runs; i++) {
                            compiled.run(x);
                        }
                    }
                }
            } else {
                PeerRuntime peer = Peers.find(rssProbe).orElseThrow(() -> new ResNet4jException(Peers.howToGet(rssProbe)));
                if (files == null) {
                    throw new ResNet4jException("--rss-probe " + rssProbe + " needs --vs " + rssProbe);
                }
                int threads;
                try (Backend b = backend.open()) {
                    threads = threadsOf(b);
                }
                try (PeerModel model = peer.load(files, threads)) {
                    for (Shape shape : shapes) {
                        PeerModel.Forward forward = model.bind(randomInput(shape));
                        for (int i = 0; i < runs; i++) {
                            forward.run();
                        }
                    }
                }
            }
        } catch (PeerUnavailableException e) {
            throw new ResNet4jException(e.getMessage(), e);
        }
        RssProbe.report(out);
        return 0;
    }

    /** The java backend's worker threads, which every peer gets too; other backends: one per processor. */
    private static int threadsOf(Backend b) {
        return b instanceof JavaBackend j ? j.threads() : Runtime.getRuntime().availableProcessors();
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

    private void report(PrintWriter out, String what, double[] seconds) {
        Timings t = Timings.of(seconds);
        out.printf(Locale.ROOT, "%s: min %.1f ms, median %.1f ms, p90 %.1f ms (%d runs after %d warm-up)%n", what,
                t.min() * 1e3, t.median() * 1e3, t.p90() * 1e3, t.runs(), warmup);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
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
