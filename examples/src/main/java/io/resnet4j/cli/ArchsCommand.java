package io.resnet4j.cli;

import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.Architectures;
import io.resnet4j.spec.ResNetSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
        out.printf(Locale.ROOT, "%-18s %-11s %-16s %-26s %s%n", "ID", "BLOCK", "LAYERS", "OPTIONS", "ALSO ACCEPTED");
        for (Architecture a : Architectures.all()) {
            ResNetSpec s = a.spec();
            StringBuilder opts = new StringBuilder();
            if (s.groups() != 1) opts.append("groups=").append(s.groups()).append(' ');
            if (s.widthPerGroup() != 64) opts.append("widthPerGroup=").append(s.widthPerGroup()).append(' ');
            if (s.numClasses() != 1000) opts.append("numClasses=").append(s.numClasses()).append(' ');
            if (s.baseWidth() != 64) opts.append("baseWidth=").append(s.baseWidth()).append(' ');
            out.println(String.format(Locale.ROOT, "%-18s %-11s %-16s %-26s %s", a.id(), s.block(), Arrays.toString(s.layers()),
                    opts.toString().trim(), String.join(", ", aliases(a.id()))).stripTrailing());
        }
        out.println("Names ignore case, '_' and '-'; architectures compiled in your project: --classpath or $"
                + UserClasspath.ENV + ".");
        out.flush();
        return 0;
    }

    /** torchvision's builder names that differ from ours only in spelling; --arch takes them too. */
    static final List<String> TORCHVISION_NAMES = List.of("wide_resnet50_2", "wide_resnet101_2", "resnext101_32x8d",
            "resnext101_64x4d");

    static List<String> aliases(String id) {
        String key = normalise(id);
        return TORCHVISION_NAMES.stream().filter(n -> !n.equals(id) && normalise(n).equals(key)).toList();
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
