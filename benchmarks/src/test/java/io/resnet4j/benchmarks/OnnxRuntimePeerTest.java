package io.resnet4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.StepTiming;
import io.resnet4j.backend.java.JavaBackend;
import io.resnet4j.bench.OnnxExport;
import io.resnet4j.bench.PeerFiles;
import io.resnet4j.bench.PeerModel;
import io.resnet4j.bench.PeerRuntime;
import io.resnet4j.bench.PeerUnavailableException;
import io.resnet4j.bench.Peers;
import io.resnet4j.cli.Main;
import io.resnet4j.models.ResNet18;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.WeightLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime on the weights export_onnx.py wrote computes what resnet4j computes on the .pth beside it: the
 * premise of every ratio {@code bench --vs onnxruntime} prints. Skipped, with the reason, where /usr/bin/python3
 * has no torch or ONNX Runtime's native library does not load. Nothing here is timed.
 */
class OnnxRuntimePeerTest {
    private static PeerFiles files;
    private static PeerRuntime peer;
    /** Why the peer cannot run here; every test is skipped with it (a failed assumption in BeforeAll hides it). */
    private static String skip;

    @BeforeAll
    static void export() {
        Optional<PeerRuntime> found = Peers.find("onnxruntime");
        assertTrue(found.isPresent(), "the benchmarks module registers onnxruntime as a PeerRuntime");
        peer = found.get();
        skip = peer.unavailable().orElse(null);
        if (skip == null) {
            try {
                files = OnnxExport.locate().export("resnet18", null, new PrintWriter(System.err, true));
            } catch (PeerUnavailableException e) {
                skip = "no ONNX export of resnet18: " + e.getMessage();
            }
        }
    }

    @BeforeEach
    void requirePeer() {
        assumeTrue(skip == null, () -> skip);
    }

    private static Tensor input(Shape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Tensor.wrap(shape, v);
    }

    private static ResNetModel exportedWeights() throws Exception {
        ResNetModel model = ResNet18.create(0);
        try (Checkpoint checkpoint = Checkpoints.read(files.stateDict())) {
            WeightLoader.load(model.stateDict(), checkpoint, true);
        }
        return model;
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Two float32 runtimes summing in different orders: far below any weight or layout mistake. */
    private static double tolerance(Tensor logits) {
        return 1e-4 * (1 + maxAbs(logits));
    }

    private static Tensor peerLogits(Tensor x) throws Exception {
        try (PeerModel model = peer.load(files, 2)) {
            return model.bind(x).run();
        }
    }

    private static Tensor resnet4jLogits(ResNetModel model, Tensor x) {
        try (JavaBackend backend = new JavaBackend(2)) {
            return model.forward(x, backend);
        }
    }

    @Test
    void logitsAgreeWithResnet4jOnTheSameWeights() throws Exception {
        Tensor x = input(Shape.of(1, 3, 32, 32), 1);
        Tensor ours = resnet4jLogits(exportedWeights(), x);
        Tensor theirs = peerLogits(x);
        assertEquals(Shape.of(1, 1000), theirs.shape());
        assertTrue(ours.maxAbsDiff(theirs) <= tolerance(ours),
                "max |diff| " + ours.maxAbsDiff(theirs) + " over " + tolerance(ours));
    }

    @Test
    void theExportHasDynamicBatchAndSpatialAxes() throws Exception {
        // Exported at 1x3x64x64; an odd, non-square size at batch 2 must run and still agree.
        Tensor x = input(Shape.of(2, 3, 41, 53), 2);
        Tensor ours = resnet4jLogits(exportedWeights(), x);
        Tensor theirs = peerLogits(x);
        assertEquals(Shape.of(2, 1000), theirs.shape());
        assertTrue(ours.maxAbsDiff(theirs) <= tolerance(ours),
                "max |diff| " + ours.maxAbsDiff(theirs) + " over " + tolerance(ours));
    }

    @Test
    void differentWeightsAreCaughtByTheAgreementCheck() throws Exception {
        // The control: resnet4j's own seeded weights are not the exported ones, and the check must say so.
        Tensor x = input(Shape.of(1, 3, 32, 32), 1);
        Tensor ours = resnet4jLogits(ResNet18.create(0), x);
        Tensor theirs = peerLogits(x);
        assertTrue(ours.maxAbsDiff(theirs) > 100 * tolerance(theirs),
                "different weights agree to " + ours.maxAbsDiff(theirs));
    }

    @Test
    void itsProfileNamesEveryNodeOnceWithItsMedianTime() throws Exception {
        try (PeerModel model = peer.load(files, 2)) {
            List<StepTiming> nodes = model.profile(input(Shape.of(1, 3, 64, 64), 3), 3).orElseThrow();
            // ResNet-18 after ONNX Runtime's fusions: a conv node (with its ReLU, add) per conv of the model at least.
            assertTrue(nodes.size() >= 20, nodes.toString());
            assertEquals(nodes.size(), nodes.stream().map(StepTiming::step).distinct().count(), "a node listed twice");
            assertTrue(nodes.stream().allMatch(n -> !n.step().isBlank() && n.nanos() >= 0), nodes.toString());
            assertTrue(nodes.stream().anyMatch(n -> n.step().contains("layer4")), nodes.toString());
            assertTrue(nodes.stream().mapToLong(StepTiming::nanos).sum() > 0, nodes.toString());
        }
    }

    @Test
    void aTraceWithoutKernelTimesIsAnErrorNotAnEmptyProfile() {
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> OnnxRuntimeProfile.medians("[]"));
        assertTrue(e.getMessage().contains("no node kernel times"), e.getMessage());
        List<StepTiming> nodes = OnnxRuntimeProfile.medians(
                "[{\"cat\" : \"Node\",\"dur\" :30,\"name\" :\"conv_kernel_time\",\"args\" : {\"op_name\" : \"Conv\"}},\n"
                + "{\"cat\" : \"Node\",\"dur\" :10,\"name\" :\"conv_kernel_time\",\"args\" : {}},\n"
                + "{\"cat\" : \"Node\",\"dur\" :20,\"name\" :\"conv_kernel_time\",\"args\" : {}},\n"
                + "{\"cat\" : \"Node\",\"name\" :\"relu_kernel_time\",\"dur\" :5,\"args\" : {}},\n"
                + "{\"cat\" : \"Node\",\"dur\" :99,\"name\" :\"relu_fence_before\",\"args\" : {}}]");
        assertEquals(List.of(new StepTiming("conv", 0, 20_000), new StepTiming("relu", 0, 5_000)), nodes);
    }

    @Test
    void benchVsOnnxRuntimePrintsRatiosAgreementAndPeakRss() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"bench", "--arch", "resnet18", "--input", "3x32x32", "--batch", "1",
            "--warmup", "0", "--iterations", "1", "--vs", "onnxruntime"}, new PrintWriter(out, true), new PrintWriter(err, true));
        String text = out.toString();
        assertEquals(0, code, err + "\n" + text);
        assertTrue(text.contains(peer.version() + ": "), text);
        Matcher m = Pattern.compile("resnet4j / onnxruntime: throughput [0-9.]+x, median latency [0-9.]+x;"
                + " logits max \\|diff\\| ([0-9.e+-]+) \\(max \\|logit\\| ([0-9.e+-]+)\\)").matcher(text);
        assertTrue(m.find(), text);
        double diff = Double.parseDouble(m.group(1));
        double maxLogit = Double.parseDouble(m.group(2));
        assertTrue(maxLogit > 0 && diff <= 1e-4 * (1 + maxLogit), text);
        // Each runtime's peak RSS from a JVM of its own, and the ratio.
        assertTrue(Pattern.compile("(?m)^  resnet4j: [0-9.]+ [MG]B$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^  onnxruntime \\S+: [0-9.]+ [MG]B; resnet4j / onnxruntime: [0-9.]+x$")
                .matcher(text).find(), text);
    }
}
