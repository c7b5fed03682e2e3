package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.LoadReport;
import io.resnet4j.weights.WeightLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --seed} / {@code --weights}: where a model's weights come from. */
final class WeightsOption {
    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the random initialisation when no --weights are given (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE",
            description = "A torch.save(state_dict) .pth or a .safetensors file.")
    Path weights;

    @Option(names = "--no-strict", negatable = false,
            description = "Load what matches and report the rest (like load_state_dict(strict=False)).")
    boolean lenient;

    /** The model, with its checkpoint loaded if one was given; what was normalised is reported on {@code log}. */
    ResNetModel create(Architecture arch, PrintWriter log) {
        ResNetModel model = arch.create(seed);
        if (weights == null) {
            return model;
        }
        try (Checkpoint checkpoint = Checkpoints.read(weights)) {
            LoadReport report = WeightLoader.load(model.stateDict(), checkpoint, !lenient);
            for (String note : report.notes()) {
                log.println("resnet4j: " + weights.getFileName() + ": " + note);
            }
            if (lenient) {
                report.missing().forEach(k -> log.println("resnet4j: not in checkpoint, kept initial value: " + k));
                report.unexpected().forEach(k -> log.println("resnet4j: ignored checkpoint key: " + k));
                report.shapeMismatches().forEach(k -> log.println("resnet4j: shape mismatch, kept initial value: " + k));
            }
            return model;
        } catch (CheckpointException e) {
            throw new ResNet4jException(e.getMessage(), e);
        }
    }
}
