package io.resnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.models.ResNet50;
import io.resnet4j.nn.Architectures;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.nn.StateDict;
import io.resnet4j.weights.DType;
import io.resnet4j.weights.Safetensors;
import java.util.LinkedHashMap;
import java.util.Map;
import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI in-process as a user would, checking output, exit codes and files left behind. */
class CliTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static Tensor randomInput(int n, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * 3 * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.wrap(v, n, 3, h, w);
    }

    @Test
    void summaryPrintsTorchvisionTotals() {
        Result r = run("summary", "--arch", "resnet50", "--wide");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: 25,557,032"), r.out());
        assertTrue(r.out().contains("(4.0892 GMAC)"), r.out());
        assertTrue(r.out().contains("(conv2): Conv2d(128, 128, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)"), r.out());
    }

    @Test
    void archsListsBuiltinsAndTheCustomDepth() {
        Result r = run("archs");
        assertEquals(0, r.code());
        for (String id : new String[] {"resnet18", "resnet50", "resnet152", "resnext50_32x4d", "wideresnet50_2", "resnet26"}) {
            assertTrue(r.out().contains(id), id + " missing from\n" + r.out());
        }
    }

    @Test
    void backendsListsJava() {
        Result r = run("backends");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("java") && r.out().contains("available"), r.out());
    }

    @Test
    void predictAtAnOddSizeMatchesTheLibrary() throws IOException {
        Tensor x = randomInput(2, 97, 131, 1);
        Path in = dir.resolve("x.npy");
        Path out = dir.resolve("y.npy");
        Npy.write(in, x);
        Result r = run("predict", "--arch", "resnet50", "--seed", "3", "--input", in.toString(), "--output", out.toString(),
                "--backend", "java");
        assertEquals(0, r.code(), r.err());
        Tensor logits = Npy.read(out);
        assertEquals(io.resnet4j.tensor.Shape.of(2, 1000), logits.shape());
        try (Backend b = Backends.open("java")) {
            Tensor expected = ResNet50.create(3).forward(x, b);
            assertEquals(0.0, expected.maxAbsDiff(logits), "CLI and library must compute the same bits");
        }
    }

    @Test
    void weightsFromSafetensorsReplaceTheSeededInit() throws IOException {
        ResNetModel source = Architectures.find("resnet18").create(5);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (StateDict.Entry e : source.stateDict().layout()) {
            if (e.kind() == StateDict.Kind.COUNTER) {
                counters.put(e.name(), 7L);
            } else {
                tensors.put(e.name(), source.stateDict().tensor(e.name()));
            }
        }
        Path weights = dir.resolve("r18.safetensors");
        Safetensors.write(weights, tensors, counters, DType.F32);
        Tensor x = randomInput(1, 40, 48, 4);
        Path in = dir.resolve("x.npy");
        Path out = dir.resolve("y.npy");
        Npy.write(in, x);
        Result r = run("predict", "--arch", "resnet18", "--seed", "0", "--weights", weights.toString(),
                "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        try (Backend b = Backends.open("java")) {
            assertEquals(0.0, source.forward(x, b).maxAbsDiff(Npy.read(out)));
        }
    }

    @Test
    void convertRefusesAHostileFileAndWritesNothing() throws IOException {
        Path evil = dir.resolve("evil.pth");
        Files.write(evil, new byte[] {0x50, 0x4B, 0x03, 0x04, 1, 2, 3});
        Path out = dir.resolve("out.safetensors");
        Result r = run("convert", evil.toString(), out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("resnet4j: " + evil), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void benchReportsLoadAndForwardTimings() {
        Result r = run("bench", "--arch", "resnet18", "--input", "3x32x32", "--warmup", "0", "--iterations", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("batch 1, 1x3x32x32, 2 runs after 0 warm-up"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  resnet4j ") && l.contains(" ms ")), r.out());
    }

    @Test
    void unknownArchitectureIsAUsageError() {
        Result r = run("summary", "--arch", "vgg16");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("resnet4j: unknown architecture 'vgg16'; known: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void unknownBackendIsAUsageErrorNamingTheKnownOnes() throws IOException {
        Path in = dir.resolve("x.npy");
        Npy.write(in, randomInput(1, 32, 32, 2));
        Result r = run("predict", "--arch", "resnet18", "--input", in.toString(), "--output", dir.resolve("y.npy").toString(),
                "--backend", "cuda");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown backend 'cuda'") && r.err().contains("java"), r.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void missingInputIsARuntimeErrorAndWritesNothing() {
        Path out = dir.resolve("y.npy");
        Result r = run("predict", "--arch", "resnet18", "--input", dir.resolve("nope.npy").toString(), "--output", out.toString());
        assertEquals(1, r.code());
        assertEquals("resnet4j: " + dir.resolve("nope.npy") + ": no such file", r.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void malformedNpyIsARuntimeError() throws IOException {
        Path in = dir.resolve("bad.npy");
        Files.writeString(in, "this is not numpy");
        Result r = run("predict", "--arch", "resnet18", "--input", in.toString(), "--output", dir.resolve("y.npy").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.npy: not a .npy file"), r.err());
    }

    @Test
    void wrongShapedInputIsRefusedBeforeAnyWork() throws IOException {
        Path in = dir.resolve("x.npy");
        Npy.write(in, Tensor.zeros(1, 4, 32, 32));
        Result r = run("predict", "--arch", "resnet18", "--input", in.toString(), "--output", dir.resolve("y.npy").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected N×3×H×W"), r.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
        assertTrue(dir.toFile().list().length == 1, "no temporary files left: " + String.join(",", dir.toFile().list()));
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, run("summary").code());
        assertEquals(2, run("summary", "--arch", "resnet18", "--input", "3xfoo").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run().code());
        assertEquals(2, run("conformance", "--backend", "cuda").code());
        assertEquals(2, run("bench", "--arch", "resnet18", "--iterations", "0").code());
    }

    @Test
    void stackTracesOnlyWithVerbose() {
        Result quiet = run("predict", "--arch", "resnet18", "--input", "missing.npy", "--output", dir.resolve("y.npy").toString());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        Result verbose = run("--verbose", "predict", "--arch", "resnet18", "--input", "missing.npy", "--output", dir.resolve("y.npy").toString());
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }
}
