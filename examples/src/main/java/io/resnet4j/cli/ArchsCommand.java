package io.resnet4j.cli;

import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.Architectures;
import io.resnet4j.spec.ResNetSpec;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "archs", mixinStandardHelpOptions = true, description = "List every architecture on the class path.")
final class ArchsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("%-18s %-11s %-16s %s%n", "ID", "BLOCK", "LAYERS", "OPTIONS");
        for (Architecture a : Architectures.all()) {
            ResNetSpec s = a.spec();
            StringBuilder opts = new StringBuilder();
            if (s.groups() != 1) opts.append("groups=").append(s.groups()).append(' ');
            if (s.widthPerGroup() != 64) opts.append("widthPerGroup=").append(s.widthPerGroup()).append(' ');
            if (s.numClasses() != 1000) opts.append("numClasses=").append(s.numClasses()).append(' ');
            if (s.baseWidth() != 64) opts.append("baseWidth=").append(s.baseWidth()).append(' ');
            out.printf("%-18s %-11s %-16s %s%n", a.id(), s.block(), Arrays.toString(s.layers()), opts.toString().trim());
        }
        out.flush();
        return 0;
    }
}
