package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import picocli.CommandLine.Option;

/** {@code --input CxHxW} and {@code --batch N}: the input shape of commands that need no input file. */
final class InputShapeOption {
    @Option(names = "--input", paramLabel = "CxHxW", defaultValue = "3x224x224",
            description = "Input size without the batch (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--batch", defaultValue = "1", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    /** The N×C×H×W shape; a malformed value is a usage error. */
    Shape shape() {
        Shape chw;
        try {
            chw = Shape.parse(input);
        } catch (ResNet4jException e) {
            throw new Main.UsageException("--input: " + e.getMessage());
        }
        if (chw.rank() != 3 || batch < 1) {
            throw new Main.UsageException("--input must be CxHxW (e.g. 3x224x224) and --batch ≥ 1");
        }
        return chw.withBatch(batch);
    }
}
