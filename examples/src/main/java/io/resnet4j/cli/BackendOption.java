package io.resnet4j.cli;

import io.resnet4j.DidYouMean;
import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.BackendDevice;
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

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Device for a backend that has several (tornadovm): an id, type (gpu, cpu) or part of a name"
                    + " from 'resnet4j backends'; same as -D" + BackendDevice.PROPERTY + ".")
    String device;

    Backend open() {
        if (device != null) { // the provider reads it while it probes, so set it before discovery
            System.setProperty(BackendDevice.PROPERTY, device);
        }
        requireKnownChoice();
        try {
            return Backends.open(name);
        } catch (ResNet4jException e) {
            String first = e.getMessage().lines().findFirst().orElse("");
            throw new ResNet4jException(first + "; backends: " + describe(Backends.discover()), e);
        }
    }

    /**
     * Refuses an unknown backend name (exit 2) — from --backend, else the property, else the environment, saying
     * which — so that a command can check before it does any work.
     */
    void requireKnownChoice() {
        if (name != null) {
            requireKnown(name, "");
        } else if (isSet(System.getProperty(Backends.PROPERTY))) { // the property wins over the environment
            requireKnown(System.getProperty(Backends.PROPERTY), " (from -D" + Backends.PROPERTY + ")");
        } else if (isSet(System.getenv(Backends.ENV))) {
            requireKnown(System.getenv(Backends.ENV), " (from $" + Backends.ENV + ")");
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * An unknown name is a usage error (exit 2), unlike a known but unavailable backend (exit 1); {@code source}
     * says where a name the user did not type came from.
     */
    static void requireKnown(String name, String source) {
        List<Backends.Discovered> found = Backends.discover();
        if (found.stream().noneMatch(d -> d.name().equalsIgnoreCase(name.trim()))) {
            throw new Main.UsageException("unknown backend '" + name + "'" + source
                    + DidYouMean.hint(name.trim(), found.stream().map(Backends.Discovered::name).toList())
                    + "; known: " + describe(found));
        }
    }

    private static String describe(List<Backends.Discovered> found) {
        return found.stream().map(d -> d.name() + " (" + d.availability() + ")").collect(Collectors.joining(", "));
    }
}
