package io.resnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.tensor.Shape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bench's options; nothing here is timed (the numbers bench prints are not asserted). */
class BenchCommandTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static BenchCommand parse(String... args) {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs(args);
        return bench;
    }

    @Test
    void batchTakesACommaSeparatedList() {
        BenchCommand bench = parse("--arch", "resnet50", "--batch", "1,8", "--input", "3x160x200", "--vs", "onnxruntime");
        assertEquals(List.of(Shape.of(1, 3, 160, 200), Shape.of(8, 3, 160, 200)), bench.input.shapes());
        assertEquals("1,8", bench.input.batchList());
        assertEquals(List.of("onnxruntime"), bench.vs);
    }

    @Test
    void defaultsAreOneImageAt224WithoutPeers() {
        BenchCommand bench = parse("--arch", "resnet50");
        assertEquals(List.of(Shape.of(1, 3, 224, 224)), bench.input.shapes());
        assertTrue(bench.vs.isEmpty());
        assertEquals(10, bench.iterations);
        assertEquals(3, bench.warmup);
    }

    @Test
    void unknownPeerIsAUsageErrorOfOneLine() {
        Result r = run("bench", "--arch", "resnet18", "--vs", "tensorflow");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("resnet4j: unknown peer 'tensorflow' for --vs; known: onnxruntime"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void severalArchitecturesAndSizesRunOneAfterAnotherAndAMissingPeerIsReportedOnce() {
        Result r = run("bench", "--arch", "resnet18,resnet26", "--input", "3x32x32,3x40x48", "--warmup", "0",
                "--iterations", "1", "--vs", "onnxruntime");
        assertEquals(0, r.code(), r.err());
        for (String arch : List.of("resnet18", "resnet26")) {
            for (String size : List.of("3x32x32", "3x40x48")) {
                assertTrue(r.out().contains(arch + ", " + size + ": java backend"), r.out());
            }
        }
        assertTrue(r.out().contains("batch 1, 1x3x40x48, 1 runs after 0 warm-up"), r.out());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("resnet4j: skipping --vs onnxruntime")).count(),
                r.err());
    }

    @Test
    void severalArchitecturesDoNotGoWithSoakOrWeights() {
        Result soak = run("bench", "--arch", "resnet18,resnet26", "--soak", "2");
        assertEquals(2, soak.code(), soak.err());
        assertTrue(soak.err().contains("several --arch or --input values go with neither --soak nor --weights"),
                soak.err());
        Result unknown = run("bench", "--arch", "resnet18,resnet9000", "--iterations", "1");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("resnet9000"), unknown.err());
        assertEquals("", unknown.out());
    }

    @Test
    void badBatchesAreUsageErrors() {
        Result zero = run("bench", "--arch", "resnet18", "--batch", "1,0");
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("--batch must be one or more sizes ≥ 1"), zero.err());
        assertEquals(2, run("bench", "--arch", "resnet18", "--batch", "1,x").code());
        assertEquals(2, run("bench", "--arch", "resnet18", "--input", "3x32").code());
    }

    @Test
    void missingPeerIsSkippedInOneLineAndResnet4jStillPrints() {
        // This module's class path has no PeerRuntime for onnxruntime (that lives in the benchmarks module).
        Result r = run("bench", "--arch", "resnet18", "--input", "3x32x32", "--batch", "1,2", "--warmup", "0",
                "--iterations", "1", "--vs", "onnxruntime");
        assertEquals(0, r.code(), r.err());
        List<String> errLines = r.err().strip().lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, errLines.size(), r.err());
        assertTrue(errLines.get(0).startsWith("resnet4j: skipping --vs onnxruntime: ONNX Runtime is not on the class path"),
                r.err());
        assertTrue(r.out().contains("batch 1, 1x3x32x32, 1 runs after 0 warm-up"), r.out());
        assertTrue(r.out().contains("batch 2, 2x3x32x32, 1 runs after 0 warm-up"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  resnet4j ")), r.out());
        assertTrue(r.out().contains("FMA peak of this machine: "), r.out());
        assertTrue(!r.out().contains("resnet4j / "), r.out());
    }
}
