package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code --input CxHxW} and {@code --batch N[,N...]}: the input shapes {@code bench} measures, one per batch size. */
final class BenchShapesOption {
    @Option(names = "--input", paramLabel = "CxHxW", defaultValue = "3x224x224",
            description = "Input size without the batch (default: ${DEFAULT-VALUE}); several, comma-separated, are"
                    + " benched one after another, e.g. 3x224x224,3x160x200.")
    String input;

    @Option(names = "--batch", paramLabel = "N", split = ",", defaultValue = "1",
            description = "Batch sizes, e.g. 1,8 (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    /** The input sizes (CxHxW) in the order given. */
    List<String> inputs() {
        return java.util.Arrays.stream(input.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The N×C×H×W shapes of the first input size, in the batch order given; a malformed value is a usage error. */
    List<Shape> shapes() {
        return shapes(inputs().isEmpty() ? input : inputs().getFirst());
    }

    /** The N×C×H×W shapes of {@code input}, in the batch order given; a malformed value is a usage error. */
    List<Shape> shapes(String input) {
        Shape chw;
        try {
            chw = Shape.parse(input);
        } catch (ResNet4jException e) {
            throw new Main.UsageException("--input: " + e.getMessage());
        }
        if (chw.rank() != 3) {
            throw new Main.UsageException("--input must be CxHxW, e.g. 3x224x224; got '" + input + "'");
        }
        if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
            throw new Main.UsageException("--batch must be one or more sizes ≥ 1, e.g. 1,8; got '" + batchList() + "'");
        }
        return batches.stream().map(chw::withBatch).toList();
    }

    /** The batch sizes as typed back on a command line, e.g. {@code 1,8}. */
    String batchList() {
        return batches.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
