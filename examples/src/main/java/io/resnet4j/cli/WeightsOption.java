package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.CheckpointFit;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.LoadReport;
import io.resnet4j.weights.WeightLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--force", negatable = false,
            description = "With --no-strict: run even when most of the model would keep its random weights.")
    boolean force;

    /** Below this share of the model's values from the checkpoint, --no-strict refuses unless --force. */
    static final double MOSTLY_UNTRAINED = 0.5;

    /** The model, with its checkpoint loaded if one was given; what was normalised is reported on {@code log}. */
    ResNetModel create(Architecture arch, PrintWriter log) {
        ResNetModel model = arch.create(seed);
        if (weights == null) {
            return model;
        }
        try (Checkpoint checkpoint = Checkpoints.read(weights)) {
            LoadReport report = WeightLoader.load(model.stateDict(), checkpoint, !lenient);
            if (lenient && report.loadedFraction() < MOSTLY_UNTRAINED && !force) {
                String fit = CheckpointFit.describe(checkpoint).map(f -> " (" + f + ")").orElse("");
                throw new ResNet4jException(String.format(Locale.ROOT,
                        "%s: only %.0f%% of %s's weights would come from this checkpoint%s; refusing to run a mostly"
                                + " untrained model: check --arch, or add --force",
                        weights, 100 * report.loadedFraction(), arch.id(), fit));
            }
            for (String note : report.notes()) {
                log.println("resnet4j: " + weights.getFileName() + ": " + note);
            }
            if (lenient) {
                summarise(log, "not in the checkpoint, kept initial values:", report.missing());
                summarise(log, "ignored checkpoint keys:", report.unexpected());
                summarise(log, "shape mismatches, kept initial values:", report.shapeMismatches());
            }
            return model;
        } catch (CheckpointException e) {
            throw new ResNet4jException(e.getMessage(), e);
        }
    }

    /** One line per kind of leftover, with a count and the first few names, not hundreds of lines. */
    private void summarise(PrintWriter log, String what, List<String> names) {
        if (!names.isEmpty()) {
            log.println("resnet4j: " + weights.getFileName() + ": " + WeightLoader.summary(what, names));
        }
    }
}
