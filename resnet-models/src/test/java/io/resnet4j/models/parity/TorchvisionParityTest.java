package io.resnet4j.models.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.nn.Architectures;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.LoadReport;
import io.resnet4j.weights.WeightLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in model, with torchvision's weights loaded from a {@code .pth}, must reproduce torchvision's
 * intermediate results on the Java backend: after the stem, after each stage, after the average pool, and the
 * logits. The golden data comes from {@code tools/golden/generate.py} (random but non-trivial batch norms, two
 * input sizes, one of them odd); the tolerance is explained in {@link TapParity}.
 */
class TorchvisionParityTest {
    private static final List<String> ARCHS = List.of("resnet18", "resnet34", "resnet50", "resnet101",
            "resnet152", "resnext50_32x4d", "wide_resnet50_2");
    /** 224×224 as in ImageNet; 97×131 is odd and non-square, so every stride-2 layer must floor like torch. */
    private static final List<String> SIZES = List.of("224x224", "97x131");
    private static final ParityReport REPORT = new ParityReport();

    static Stream<Arguments> cases() {
        return ARCHS.stream().flatMap(arch -> SIZES.stream().map(size -> Arguments.of(arch, size)));
    }

    @ParameterizedTest(name = "{0} @ {1}")
    @MethodSource("cases")
    void matchesTorchvisionAtEveryTap(String arch, String size) throws Exception {
        Run run = compare(arch, size, state -> {});
        List<TapParity> parities = run.taps();
        System.out.println(ParityReport.table(parities));
        REPORT.add(parities);
        REPORT.addTiming(arch, size, run.loadMillis(), run.forwardMillis());

        assertEquals(7, parities.size(), arch + ": expected taps stem, layer1..4, avgpool, logits");
        List<TapParity> failed = parities.stream().filter(p -> !p.passes()).toList();
        assertTrue(failed.isEmpty(), () -> arch + " @ " + size + " differs from torchvision beyond tolerance:\n"
                + ParityReport.table(failed));
    }

    /** The tolerance is tight enough to see one stem weight off by 1% (so a passing run means something). */
    @Test
    void flagsOneStemWeightOffByOnePercent() throws Exception {
        List<TapParity> parities = compare("resnet18", "97x131", state -> {
            Tensor w = state.tensor("conv1.weight").copy();
            w.data()[0] *= 1.01f;
            state.set("conv1.weight", w);
        }).taps();
        TapParity stem = parities.getFirst();
        assertEquals("stem", stem.tap());
        assertFalse(stem.passes(), () -> "a 1% error in conv1.weight went unnoticed:\n" + ParityReport.row(stem));
    }

    /** The measured taps of one run, with how long loading the checkpoint and the forward pass took. */
    private record Run(List<TapParity> taps, long loadMillis, long forwardMillis) {}

    /** Loads {@code arch}'s golden weights strictly, applies {@code edit}, runs on "java" and compares each tap. */
    private static Run compare(String arch, String size, Consumer<StateDict> edit) throws Exception {
        Path golden = GoldenData.forArch(arch);
        Path sizeDir = GoldenData.sizeDir(arch, size);

        long start = System.nanoTime();
        ResNetModel model = Architectures.find(arch).create(0);
        try (Checkpoint checkpoint = Checkpoints.read(golden.resolve(arch + ".pth"))) {
            LoadReport report = WeightLoader.load(model.stateDict(), checkpoint, true);
            assertTrue(report.isComplete(), () -> arch + ": strict load left keys unloaded: " + report);
        }
        edit.accept(model.stateDict());
        long loaded = System.nanoTime();

        Tensor input = NpyReader.read(sizeDir.resolve("input.npy")).toTensor();
        Map<String, Tensor> outputs;
        try (Backend backend = Backends.open("java")) {
            outputs = model.forward(input, backend, model.tapNames());
        }
        long ran = System.nanoTime();

        List<TapParity> parities = new ArrayList<>();
        for (String tap : model.tapNames()) {
            Path f32 = sizeDir.resolve(tap + ".npy");
            assertTrue(Files.isRegularFile(f32), () -> arch + ": no golden data for tap '" + tap + "' (" + f32 + ")");
            Tensor java = outputs.get(tap);
            assertTrue(java != null, () -> arch + ": backend returned no tap '" + tap + "'");
            parities.add(TapParity.measure(arch, size, tap, java,
                    NpyReader.read(f32), NpyReader.read(sizeDir.resolve(tap + ".f64.npy"))));
        }
        return new Run(parities, (loaded - start) / 1_000_000, (ran - loaded) / 1_000_000);
    }

    @AfterAll
    static void writeReport() {
        Path file = GoldenData.moduleDir().resolve("target").resolve("parity-report.md");
        REPORT.write(file);
        System.out.println(REPORT.render());
        System.out.println("parity report written to " + file);
    }
}
