package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code --backend}: a backend by name, else the API's selection order. Never a silent fallback. */
final class BackendOption {
    @Option(names = {"-b", "--backend"}, paramLabel = "NAME",
            description = "Backend to run on (see 'resnet4j backends'); default: -D" + Backends.PROPERTY
                    + ", $" + Backends.ENV + ", else the highest-ranked available.")
    String name;

    Backend open() {
        List<Backends.Discovered> found = Backends.discover();
        String summary = found.stream().map(d -> d.name() + " (" + d.availability() + ")")
                .collect(Collectors.joining(", "));
        if (name != null && found.stream().noneMatch(d -> d.name().equalsIgnoreCase(name.trim()))) {
            throw new Main.UsageException("unknown backend '" + name + "'; known: " + summary);
        }
        try {
            return Backends.open(name);
        } catch (ResNet4jException e) {
            String first = e.getMessage().lines().findFirst().orElse("");
            throw new ResNet4jException(first + "; backends: " + summary, e);
        }
    }
}
