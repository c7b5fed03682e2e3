package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Shape;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print the module tree with output shapes, parameters and multiply-adds.")
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    ArchOption arch;

    @Option(names = "--input", paramLabel = "CxHxW", defaultValue = "3x224x224",
            description = "Input size without the batch (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--batch", defaultValue = "1", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Shape chw;
        try {
            chw = Shape.parse(input);
        } catch (ResNet4jException e) {
            throw new Main.UsageException("--input: " + e.getMessage());
        }
        if (chw.rank() != 3 || batch < 1) {
            throw new Main.UsageException("--input must be CxHxW (e.g. 3x224x224) and --batch ≥ 1");
        }
        ResNetModel model = arch.resolve().create(0);
        spec.commandLine().getOut().print(model.summary(chw.withBatch(batch)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
