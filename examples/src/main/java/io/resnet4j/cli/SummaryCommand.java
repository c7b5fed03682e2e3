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

    @Mixin
    BackendOption backend;

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
        try (io.resnet4j.backend.Backend b = backend.open();
                io.resnet4j.backend.CompiledGraph compiled = model.compile(b)) {
            PlannedMemory.print(spec.commandLine().getOut(), compiled, input.shape());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
