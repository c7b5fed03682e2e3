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

/**
 * What {@code bench} runs once its options are checked: resnet4j and, with {@code --vs}, each peer on the same
 * exported weights and inputs, alternating, then the table, the ratios and the peak RSS of each runtime alone in a
 * fresh JVM ({@link RssProbe}); or, in that fresh JVM, one runtime only ({@link #probe}).
 */
final class PeerBench {
    static final String RESNET4J = "resnet4j";

    private final BenchCommand options;
    private final Architecture architecture;
    /** The architecture and input size as typed (for the fresh JVMs of the RSS probe). */
    private final String archName;
    private final String input;
    private final List<Shape> shapes;
    private final List<Ratio> ratios = new ArrayList<>();
    private final List<String> vs;
    private final int warmup;
    private final int iterations;
    private final PrintWriter out;
    private final PrintWriter err;

    /** resnet4j against one peer at one architecture, input size and batch: throughput and median latency ratios. */
    record Ratio(String arch, String input, int batch, String peer, double throughput, double latency) {}

    PeerBench(BenchCommand options, Architecture architecture, String archName, String input, List<Shape> shapes,
            PrintWriter out, PrintWriter err) {
        this.options = options;
        this.architecture = architecture;
        this.archName = archName;
        this.input = input;
        this.shapes = shapes;
        this.vs = options.vs;
        this.warmup = options.warmup;
        this.iterations = options.iterations;
        this.out = out;
        this.err = err;
    }

    int run() {
        List<PeerRuntime> peers = usablePeers();
        PeerFiles files = peers.isEmpty() ? null : export();
        if (files == null) {
            peers = List.of();
        }
        ResNetModel model = files == null ? options.weights.create(architecture, err) : load(files);
        if (options.weights.weights != null) {
            options.report(out, "load " + options.weights.weights.getFileName(), options.timeLoads(model));
        }
        long[] macs = shapes.stream().mapToLong(model::macs).toArray();
        try (Backend b = options.backend.open(); CompiledGraph compiled = model.compile(b)) {
            model = null; // the backend holds its own copy of the weights: let the originals go
            int threads = threadsOf(b);
            List<PeerModel> loaded = new ArrayList<>();
            try {
                for (PeerRuntime p : peers) {
                    loaded.add(p.load(files, threads));
                }
                printHeader(b, threads, peers, loaded, files);
                FmaPeak.Result peak = FmaPeak.measure(threads);
                out.println("FMA peak of this machine: " + peak.describe()
                        + "; measured again after each batch size's runs, the best so far is what 'of peak' divides by");
                BenchReport table = new BenchReport(out, peak.gflops());
                for (int i = 0; i < shapes.size(); i++) {
                    compare(table, macs[i], compiled, threads, shapes.get(i), peers, loaded);
                }
            } catch (PeerUnavailableException e) {
                throw new ResNet4jException(e.getMessage(), e);
            } finally {
                loaded.forEach(PeerModel::close);
            }
        }
        printPeakRss(peers);
        out.flush();
        return 0;
    }

    /** One batch size: every runtime alternately, then the table rows and, per peer, the ratios. */
    private void compare(BenchReport table, long macs, CompiledGraph compiled, int threads, Shape shape,
            List<PeerRuntime> peers, List<PeerModel> loaded) {
        Tensor x = BenchCommand.randomInput(shape);
        List<AlternatingRuns.Runner> runners = new ArrayList<>();
        runners.add(new AlternatingRuns.Runner(RESNET4J, () -> compiled.run(x)));
        for (int i = 0; i < peers.size(); i++) {
            runners.add(new AlternatingRuns.Runner(peers.get(i).version(), loaded.get(i).bind(x)));
        }
        AlternatingRuns.Outcome outcome = AlternatingRuns.run(runners, warmup, iterations);
        table.peakMeasured(FmaPeak.measure(threads).gflops());
        int batch = shape.dim(0);
        table.batchHeader(String.format(Locale.ROOT, "batch %d, %s, %d runs after %d warm-up%s%s; FMA peak %.1f GFLOP/s",
                batch, shape.toCompactString(), iterations, warmup,
                outcome.jitRounds() == 0 ? "" : " (+" + outcome.jitRounds() + " until the JIT was done)",
                peers.isEmpty() ? "" : ", alternating", table.peakGflops()));
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
            double ours = outcome.timings().get(0).median();
            double their = outcome.timings().get(i + 1).median();
            ratios.add(new Ratio(architecture.id(), input, batch, peers.get(i).name(), their / ours, ours / their));
        }
        PlannedMemory.print(out, compiled, shape);
        if (options.profile) {
            int runs = Math.max(3, iterations);
            ProfileReport.print(out, compiled, x, runs);
            for (int i = 0; i < peers.size(); i++) {
                ProfileReport.printPeer(out, peers.get(i).version(), loaded.get(i).profile(x, runs), runs);
            }
        }
    }

    /** The peers asked for that can run here; the others are skipped with one line each on {@code err}. */
    private List<PeerRuntime> usablePeers() {
        List<PeerRuntime> usable = new ArrayList<>();
        for (String name : vs) {
            Optional<PeerRuntime> found = Peers.find(name);
            Optional<String> why = found.isPresent() ? found.get().unavailable() : Optional.of(Peers.howToGet(name));
            if (why.isPresent()) {
                skip(name, why.get());
            } else {
                usable.add(found.get());
            }
        }
        return usable;
    }

    /** The same weights for every runtime, or null (with one line on {@code err}) when they cannot be had. */
    private PeerFiles export() {
        try {
            return OnnxExport.locate().export(architecture.id(), options.weights.weights, err);
        } catch (PeerUnavailableException e) {
            skip(String.join(",", vs), e.getMessage());
            return null;
        }
    }

    /** One line per missing peer, however many architectures and sizes follow. */
    private void skip(String peer, String why) {
        if (options.skipped.add(peer.trim())) {
            err.println("resnet4j: skipping --vs " + peer.trim() + ": " + why);
        }
    }

    /** The model with the exported state_dict, so resnet4j computes with the very weights the peers got. */
    private ResNetModel load(PeerFiles files) {
        ResNetModel model = architecture.create(options.weights.seed);
        try (Checkpoint checkpoint = Checkpoints.read(files.stateDict())) {
            WeightLoader.load(model.stateDict(), checkpoint, true);
        } catch (CheckpointException e) {
            throw new ResNet4jException(files.stateDict() + ": " + e.getMessage(), e);
        }
        return model;
    }

    private void printHeader(Backend b, int threads, List<PeerRuntime> peers, List<PeerModel> loaded, PeerFiles files) {
        String how = b instanceof JavaBackend j
                ? "java backend, " + threads + (threads == 1 ? " thread, " : " threads, ") + j.kernelDescription()
                : b.name() + " backend";
        out.printf(Locale.ROOT, "%s, %s: %s%n", architecture.id(), input, how);
        for (int i = 0; i < peers.size(); i++) {
            out.printf(Locale.ROOT, "%s: %s%n", peers.get(i).version(), loaded.get(i).settings());
        }
        if (files != null) {
            out.println("same weights for all: " + files.stateDict() + " and " + files.onnx().getFileName()
                    + " beside it (tools/bench/export_onnx.py)");
        }
    }

    /** Peak RSS per runtime, each alone in a fresh JVM; without peers, this JVM's own. */
    private void printPeakRss(List<PeerRuntime> peers) {
        if (peers.isEmpty()) {
            PeakRss.ofThisProcess().ifPresent(bytes -> out.println("\npeak RSS of this JVM (VmHWM): " + PeakRss.format(bytes)));
            return;
        }
        if (options.noRss) {
            return;
        }
        out.printf(Locale.ROOT, "%npeak RSS, each runtime alone in a fresh JVM (VmHWM after %d warm-up + 1 runs at batch %s):%n",
                warmup, options.input.batchList());
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
        List<String> a = new ArrayList<>(List.of("bench", "--arch", archName, "--input", input,
                "--batch", options.input.batchList(), "--warmup", String.valueOf(warmup), "--iterations", "1",
                "--seed", String.valueOf(options.weights.seed)));
        if (options.backend.name != null) {
            a.addAll(List.of("--backend", options.backend.name));
        }
        if (options.weights.weights != null) {
            a.addAll(List.of("--weights", options.weights.weights.toAbsolutePath().toString()));
        }
        if (options.weights.lenient) {
            a.add("--no-strict");
        }
        if (!vs.isEmpty()) {
            a.addAll(List.of("--vs", String.join(",", vs)));
        }
        return a;
    }

    /**
     * In the fresh JVM: only {@code runtime} ({@value #RESNET4J} or a peer's name), warm-up plus the timed runs per
     * shape, untimed; then its VmHWM. The other runtimes are not even looked at (a peer's native library would
     * count against resnet4j).
     */
    int probe(String runtime) {
        int runs = warmup + iterations;
        try {
            PeerFiles files = vs.isEmpty() ? null : OnnxExport.locate().export(architecture.id(), options.weights.weights, err);
            if (runtime.equals(RESNET4J)) {
                ResNetModel model = files == null ? options.weights.create(architecture, err) : load(files);
                try (Backend b = options.backend.open(); CompiledGraph compiled = model.compile(b)) {
                    model = null; // measured as a user would run it: the originals collectable after compiling
                    for (Shape shape : shapes) {
                        Tensor x = BenchCommand.randomInput(shape);
                        for (int i = 0; i < runs; i++) {
                            compiled.run(x);
                        }
                    }
                }
            } else {
                PeerRuntime peer = Peers.find(runtime).orElseThrow(() -> new ResNet4jException(Peers.howToGet(runtime)));
                if (files == null) {
                    throw new ResNet4jException("--rss-probe " + runtime + " needs --vs " + runtime);
                }
                int threads;
                try (Backend b = options.backend.open()) {
                    threads = threadsOf(b);
                }
                try (PeerModel model = peer.load(files, threads)) {
                    for (Shape shape : shapes) {
                        PeerModel.Forward forward = model.bind(BenchCommand.randomInput(shape));
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

    /** The ratios of the runs so far, one per batch size and peer. */
    List<Ratio> ratios() {
        return ratios;
    }

    /** After several architectures or input sizes: every ratio in one table. */
    static void printSummary(PrintWriter out, List<Ratio> ratios) {
        out.printf(Locale.ROOT, "%nsummary (medians, same run): throughput ratio > 1 and latency ratio < 1 mean resnet4j is faster%n");
        out.printf(Locale.ROOT, "  %-18s %-11s %5s  %-12s %10s %8s%n", "arch", "input", "batch", "peer", "throughput",
                "latency");
        for (Ratio r : ratios) {
            out.printf(Locale.ROOT, "  %-18s %-11s %5d  %-12s %9.2fx %7.2fx%n", r.arch(), r.input(), r.batch(), r.peer(),
                    r.throughput(), r.latency());
        }
    }

    /** The java backend's worker threads, which every peer gets too; other backends: one per processor. */
    private static int threadsOf(Backend b) {
        return b instanceof JavaBackend j ? j.threads() : Runtime.getRuntime().availableProcessors();
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
