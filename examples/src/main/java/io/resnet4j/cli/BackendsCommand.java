package io.resnet4j.cli;

import io.resnet4j.backend.Backends;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "backends", mixinStandardHelpOptions = true, description = {
        "List every discovered backend, its rank, and whether it is available here (or why not).",
        "Paste this into bug reports."})
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println(Backends.describe(Backends.discover()));
        String prop = System.getProperty(Backends.PROPERTY);
        String env = System.getenv(Backends.ENV);
        out.println("selection: --backend, else -D" + Backends.PROPERTY + (prop == null ? "" : " (=" + prop + ")")
                + ", else $" + Backends.ENV + (env == null ? "" : " (=" + env + ")") + ", else the highest-ranked available");
        out.flush();
        return 0;
    }
}
