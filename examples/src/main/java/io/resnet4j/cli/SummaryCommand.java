package io.resnet4j.cli;

import io.resnet4j.nn.ResNetModel;
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

    @Mixin
    InputShapeOption input;

    @Option(names = "--wide", negatable = false,
            description = "Print whole module descriptions, however wide (default: lines of at most " + WIDTH + " characters).")
    boolean wide;

    static final int WIDTH = 100;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ResNetModel model = arch.resolve().create(0);
        spec.commandLine().getOut().print(model.summary(input.shape(), wide ? Integer.MAX_VALUE : WIDTH));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
