package io.resnet4j.conformance.golden;

import io.resnet4j.backend.Backend;
import io.resnet4j.nn.Architectures;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.LoadReport;
import io.resnet4j.weights.WeightLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs one golden case on a backend and measures every tap against torchvision (see {@link TapParity}). */
public final class GoldenParity {

    /** The measured taps of one run, with how long loading the checkpoint and the forward pass took. */
    public record Run(List<TapParity> taps, long loadMillis, long forwardMillis) {
        public List<TapParity> failures() {
            return taps.stream().filter(t -> !t.passes()).toList();
        }
    }

    private GoldenParity() {}

    /**
     * Loads the case's {@code .pth} strictly into the built-in model, applies {@code edit} (tests use it to plant
     * an error), runs every tap on {@code backend} and compares.
     */
    public static Run run(GoldenFixtures.Case c, Backend backend, Consumer<StateDict> edit) {
        long start = System.nanoTime();
        ResNetModel model = Architectures.find(c.arch()).create(0);
        try (Checkpoint checkpoint = Checkpoints.read(c.checkpoint())) {
            LoadReport report = WeightLoader.load(model.stateDict(), checkpoint, true);
            if (!report.isComplete()) {
                throw new AssertionError(c + ": strict load left keys unloaded: " + report);
            }
        } catch (CheckpointException e) {
            throw new AssertionError(c + ": " + e.getMessage(), e);
        }
        edit.accept(model.stateDict());
        long loaded = System.nanoTime();

        Tensor input = Npy.read(c.sizeDir().resolve("input.npy"));
        Map<String, Tensor> outputs = model.forward(input, backend, model.tapNames());
        long ran = System.nanoTime();

        List<TapParity> taps = new ArrayList<>();
        for (String tap : model.tapNames()) {
            Path f32 = c.sizeDir().resolve(tap + ".npy");
            if (!Files.isRegularFile(f32)) {
                throw new AssertionError(c + ": no golden data for tap '" + tap + "' (" + f32 + ")");
            }
            Tensor actual = outputs.get(tap);
            if (actual == null) {
                throw new AssertionError(c + ": the backend returned no tap '" + tap + "'");
            }
            taps.add(TapParity.measure(c.arch(), c.size(), tap, actual, Npy.readDoubles(f32),
                    Npy.readDoubles(c.sizeDir().resolve(tap + ".f64.npy"))));
        }
        return new Run(taps, (loaded - start) / 1_000_000, (ran - loaded) / 1_000_000);
    }
}
