package io.resnet4j.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds {@link PeerRuntime}s on the class path, and knows how to get the ones that are not. */
public final class Peers {
    /** Peers the CLI can name even when they are absent, with the one line that says how to get each. */
    private static final Map<String, String> HOW_TO_GET = Map.of("onnxruntime",
            "ONNX Runtime is not on the class path: ./resnet4j adds it by building the benchmarks module"
                    + " (./mvnw -pl benchmarks -am package; see .resnet4j/build.log if that build failed)");

    private Peers() {}

    /** Every name {@code --vs} accepts, sorted. */
    public static List<String> known() {
        TreeSet<String> names = new TreeSet<>(HOW_TO_GET.keySet());
        discover().forEach(p -> names.add(p.name()));
        return List.copyOf(names);
    }

    /** The peer called {@code name} (ignoring case), if its implementation is on the class path. */
    public static Optional<PeerRuntime> find(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return discover().stream().filter(p -> p.name().equalsIgnoreCase(wanted)).findFirst();
    }

    /** Why a known peer is absent and how to get it, in one line. */
    public static String howToGet(String name) {
        return HOW_TO_GET.getOrDefault(name.trim().toLowerCase(Locale.ROOT), name + " is not on the class path");
    }

    private static List<PeerRuntime> discover() {
        List<PeerRuntime> out = new ArrayList<>();
        Iterator<PeerRuntime> it = ServiceLoader.load(PeerRuntime.class, Thread.currentThread().getContextClassLoader())
                .iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                // A provider whose own dependencies are missing counts as absent; howToGet says what to do.
            }
        }
    }
}
