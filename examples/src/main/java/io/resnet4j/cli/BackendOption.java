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
        if (name != null) {
            requireKnown(name);
        }
        try {
            return Backends.open(name);
        } catch (ResNet4jException e) {
            String first = e.getMessage().lines().findFirst().orElse("");
            throw new ResNet4jException(first + "; backends: " + describe(Backends.discover()), e);
        }
    }

    /** An unknown name is a usage error (exit 2), unlike a known but unavailable backend (exit 1). */
    static void requireKnown(String name) {
        List<Backends.Discovered> found = Backends.discover();
        if (found.stream().noneMatch(d -> d.name().equalsIgnoreCase(name.trim()))) {
            throw new Main.UsageException("unknown backend '" + name + "'; known: " + describe(found));
        }
    }

    private static String describe(List<Backends.Discovered> found) {
        return found.stream().map(d -> d.name() + " (" + d.availability() + ")").collect(Collectors.joining(", "));
    }
}
