package io.resnet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.nn.ResNetModel;
import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.CheckpointFit;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.DType;
import io.resnet4j.weights.LoadReport;
import io.resnet4j.weights.Safetensors;
import io.resnet4j.weights.WeightLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint given to the wrong architecture: the error names the one it fits, in one readable line. */
class CheckpointFitTest {
    @TempDir
    Path dir;

    /** Saves {@code model}'s state_dict as safetensors, with {@code replace} overriding some tensors. */
    private Path save(ResNetModel model, String name, Map<String, Tensor> replace) throws IOException {
        StateDict state = model.stateDict();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (StateDict.Entry e : state.layout()) {
            if (e.kind() == StateDict.Kind.COUNTER) {
                counters.put(e.name(), state.counter(e.name()));
            } else {
                tensors.put(e.name(), replace.getOrDefault(e.name(), state.tensor(e.name())));
            }
        }
        Path file = dir.resolve(name);
        Safetensors.write(file, tensors, counters, DType.F32);
        return file;
    }

    @Test
    void aResnet18CheckpointGivenToResnet50IsNamedAndSummarised() throws Exception {
        Path file = save(ResNet18.create(1), "resnet18.safetensors", Map.of());
        try (Checkpoint cp = Checkpoints.read(file)) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> WeightLoader.load(ResNet50.create(0).stateDict(), cp, true));
            String m = e.getMessage();
            assertTrue(m.endsWith("; its keys and shapes fit resnet18"), m);
            assertTrue(m.contains("missing 165 [layer1.0.conv3.weight, layer1.0.bn3.weight, layer1.0.bn3.bias, …]"), m);
            assertTrue(m.contains("shape mismatches 24 ["), m);
            assertFalse(m.contains("\n"), m);
            assertTrue(m.length() < 700, m.length() + " characters: " + m);

            LoadReport lenient = WeightLoader.load(ResNet50.create(0).stateDict(), cp, false);
            assertTrue(lenient.loadedFraction() < 0.5, "fraction " + lenient.loadedFraction());
        }
    }

    @Test
    void aDifferentClassifierHeadIsRecognised() throws Exception {
        ResNet50 model = ResNet50.create(1);
        Path file = save(model, "resnet50-10.safetensors", Map.of(
                "fc.weight", Tensor.zeros(10, 2048), "fc.bias", Tensor.zeros(10)));
        try (Checkpoint cp = Checkpoints.read(file)) {
            assertEquals(Optional.of("its keys and shapes fit resnet50 except the classifier head fc (10 classes)"),
                    CheckpointFit.describe(cp));
            LoadReport lenient = WeightLoader.load(ResNet50.create(0).stateDict(), cp, false);
            assertTrue(lenient.loadedFraction() > 0.9, "fraction " + lenient.loadedFraction());
            assertEquals(2, lenient.shapeMismatches().size());
        }
    }

    @Test
    void aCheckpointOfNoKnownArchitectureFitsNothing() throws Exception {
        Path file = save(ResNet18.create(1), "odd.safetensors", Map.of("conv1.weight", Tensor.zeros(64, 1, 7, 7)));
        try (Checkpoint cp = Checkpoints.read(file)) {
            assertEquals(Optional.empty(), CheckpointFit.describe(cp));
        }
    }
}
