package io.resnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.models.ResNet18;
import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.DType;
import io.resnet4j.weights.Safetensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors that say what to do, and a user's own architectures on the command line. */
class CliGuidanceTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        return runWithClasspathEnv(null, args);
    }

    private static Result runWithClasspathEnv(String env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aMistypedCommandOrArchitectureGetsASuggestion() {
        Result command = run("summry", "--arch", "resnet18");
        assertEquals(2, command.code());
        assertTrue(command.err().startsWith("resnet4j: ") && command.err().contains("did you mean 'summary'?"), command.err());

        Result option = run("summary", "--arch", "resnet18", "--wdie");
        assertEquals(2, option.code());
        assertTrue(option.err().contains("(did you mean '--wide'?)"), option.err());

        Result farFromAnyCommand = run("resnt50");
        assertEquals(2, farFromAnyCommand.code());
        assertFalse(farFromAnyCommand.err().contains("did you mean"), farFromAnyCommand.err());

        Result arch = run("summary", "--arch", "resnt50");
        assertEquals(2, arch.code());
        assertTrue(arch.err().startsWith("resnet4j: unknown architecture 'resnt50' (did you mean 'resnet50'?); known: "), arch.err());
    }

    @Test
    void aBackendNameFromThePropertyNamesItsSourceAndIsAUsageError() throws IOException {
        Path in = dir.resolve("x.npy");
        Npy.write(in, Tensor.zeros(1, 3, 32, 32));
        String previous = System.setProperty("resnet4j.backend", "jav");
        try {
            Result r = run("predict", "--arch", "resnet18", "--input", in.toString(), "--output", dir.resolve("y.npy").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("resnet4j: unknown backend 'jav' (from -Dresnet4j.backend) (did you mean 'java'?)"), r.err());
            assertFalse(Files.exists(dir.resolve("y.npy")));
        } finally {
            if (previous == null) System.clearProperty("resnet4j.backend"); else System.setProperty("resnet4j.backend", previous);
        }
    }

    /** Compiles a spec of the user's own into {@code classes}, as their build would (processor found by -proc:full). */
    private Path compileOwnSpec() throws IOException {
        Path src = dir.resolve("src/com/example/MyNetSpec.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package com.example;
                @io.resnet4j.spec.ResNet(block = io.resnet4j.spec.BlockType.BASIC, layers = {1, 1, 1}, numClasses = 7)
                public interface MyNetSpec {}
                """);
        Path classes = dir.resolve("classes");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:full", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "javac");
        return classes;
    }

    @Test
    void architecturesCompiledInTheUsersProjectAreFoundThroughTheClasspathOptionOrVariable() throws IOException {
        Path classes = compileOwnSpec();
        assertEquals(2, run("summary", "--arch", "mynet").code(), "not on the class path by default");

        Result option = run("--classpath", classes.toString(), "summary", "--arch", "mynet");
        assertEquals(0, option.code(), option.err());
        assertTrue(option.out().contains("Output: [1, 7]"), option.out());

        Result afterCommand = run("archs", "--classpath", classes.toString());
        assertTrue(afterCommand.out().lines().anyMatch(l -> l.startsWith("mynet ")), afterCommand.out());

        Result env = runWithClasspathEnv(classes.toString(), "summary", "--arch", "mynet", "--input", "3x32x32");
        assertEquals(0, env.code(), env.err());
        assertTrue(env.out().startsWith("MyNet on input [1, 3, 32, 32]"), env.out());

        Result missing = runWithClasspathEnv(dir.resolve("nope").toString(), "archs");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("resnet4j: $RESNET4J_CLASSPATH: no such file or directory: " + dir.resolve("nope")), missing.err());
    }

    private Path resnet18Weights() throws IOException {
        StateDict state = ResNet18.create(3).stateDict();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (StateDict.Entry e : state.layout()) {
            if (e.kind() == StateDict.Kind.COUNTER) {
                counters.put(e.name(), 1L);
            } else {
                tensors.put(e.name(), state.tensor(e.name()));
            }
        }
        Path file = dir.resolve("r18.safetensors");
        Safetensors.write(file, tensors, counters, DType.F32);
        return file;
    }

    @Test
    void aCheckpointForAnotherArchitectureIsNamedInOneLine() throws IOException {
        Path weights = resnet18Weights();
        Path in = dir.resolve("x.npy");
        Npy.write(in, Tensor.zeros(1, 3, 32, 32));
        Path out = dir.resolve("y.npy");
        List<String> predict = List.of("predict", "--arch", "resnet50", "--weights", weights.toString(), "--input", in.toString(),
                "--output", out.toString());

        Result strict = run(predict.toArray(String[]::new));
        assertEquals(1, strict.code());
        assertEquals(1, strict.err().lines().count(), strict.err());
        assertTrue(strict.err().contains("missing 165 [") && strict.err().contains("its keys and shapes fit resnet18"), strict.err());
        assertTrue(strict.err().length() < 700, strict.err());

        Result lenient = run(concat(predict, "--no-strict"));
        assertEquals(1, lenient.code(), lenient.err());
        assertEquals("resnet4j: " + weights + ": only 25% of resnet50's weights would come from this checkpoint (its keys and"
                + " shapes fit resnet18); refusing to run a mostly untrained model: check --arch, or add --force\n",
                lenient.err());
        assertFalse(Files.exists(out));

        Result forced = run(concat(predict, "--no-strict", "--force"));
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.err().lines().count() <= 6, forced.err()); // notes and three summaries, not 189 lines
        assertTrue(forced.err().contains("not in the checkpoint, kept initial values: 165 ["), forced.err());
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void convertIntoAMissingDirectoryNamesTheDirectory() throws IOException {
        Path weights = resnet18Weights();
        Path out = dir.resolve("no/such/dir/out.safetensors");
        Result r = run("convert", weights.toString(), out.toString());
        assertEquals(2, r.code());
        assertEquals("resnet4j: " + out + ": directory " + out.getParent() + " does not exist\n", r.err());
    }

    @Test
    void summaryFitsAHundredColumnsUnlessWide() {
        Result narrow = run("summary", "--arch", "resnext50_32x4d", "--batch", "64");
        assertEquals(0, narrow.code(), narrow.err());
        assertTrue(narrow.out().lines().allMatch(l -> l.length() <= 100), narrow.out());
        assertTrue(narrow.out().contains("Total params: 25,028,904"), narrow.out());

        Result wide = run("summary", "--arch", "resnet50", "--wide");
        assertTrue(wide.out().lines().anyMatch(l -> l.length() > 100), wide.out());
        assertTrue(wide.out().contains("(bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"), wide.out());
    }

    @Test
    void archsListsTorchvisionSpellings() {
        Result r = run("archs");
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("wideresnet50_2 ") && l.endsWith(" wide_resnet50_2")), r.out());
        assertEquals(0, run("summary", "--arch", "wide_resnet50_2", "--input", "3x32x32").code());
    }
}
