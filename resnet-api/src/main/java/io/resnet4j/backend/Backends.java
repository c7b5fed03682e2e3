package io.resnet4j.backend;

import io.resnet4j.DidYouMean;
import io.resnet4j.ResNet4jException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Finds backends with {@link ServiceLoader} and picks one: an explicit name, else the system property
 * {@value #PROPERTY}, else the environment variable {@value #ENV}, else the highest-ranked available backend.
 * A name that is unknown or unavailable is an error listing every backend and its state: there is never a
 * silent fallback to another backend.
 */
public final class Backends {
    public static final String PROPERTY = "resnet4j.backend";
    public static final String ENV = "RESNET4J_BACKEND";

    /** A discovered backend and what its provider said about this machine. */
    public record Discovered(BackendProvider provider, Availability availability) {
        public String name() {
            return provider.name();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-10s rank %4d  %s", provider.name(), provider.rank(), availability);
        }
    }

    private Backends() {}

    /** Every backend on the class path, highest rank first. */
    public static List<Discovered> discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    public static List<Discovered> discover(ClassLoader loader) {
        List<Discovered> found = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, loader)) {
            Availability a;
            try {
                a = p.availability();
            } catch (RuntimeException | LinkageError e) {
                a = Availability.no("availability check failed: " + e);
            }
            found.add(new Discovered(p, a));
        }
        found.addAll(OptionalBackends.missing(found, System::getenv)); // listed with how to switch them on
        found.sort(Comparator.comparingInt((Discovered d) -> -d.provider().rank()).thenComparing(Discovered::name));
        return found;
    }

    /** Opens the backend chosen by property, environment or rank. */
    public static Backend open() {
        return open(null);
    }

    /** Opens {@code name}; a null or blank name falls back to the property, the environment, then rank. */
    public static Backend open(String name) {
        return select(name, System.getProperty(PROPERTY), System.getenv(ENV), discover()).open();
    }

    /** The selection rule, separated from the environment so that it can be tested. */
    static BackendProvider select(String explicit, String property, String env, List<Discovered> found) {
        String[] requests = {explicit, property, env};
        String[] sources = {"", " (from -D" + PROPERTY + ")", " (from $" + ENV + ")"};
        for (int i = 0; i < requests.length; i++) {
            if (requests[i] != null && !requests[i].isBlank()) {
                return byName(requests[i].trim().toLowerCase(Locale.ROOT), sources[i], found);
            }
        }
        return found.stream().filter(d -> d.availability().available()).findFirst()
                .map(Discovered::provider)
                .orElseThrow(() -> new ResNet4jException("no backend is available\n" + describe(found)));
    }

    private static BackendProvider byName(String name, String source, List<Discovered> found) {
        for (Discovered d : found) {
            if (d.name().equals(name)) {
                if (!d.availability().available()) {
                    throw new ResNet4jException("backend '" + name + "'" + source + " is not available: "
                            + d.availability().reason() + "\n" + describe(found));
                }
                return d.provider();
            }
        }
        throw new ResNet4jException("unknown backend '" + name + "'" + source
                + DidYouMean.hint(name, found.stream().map(Discovered::name).toList()) + "\n" + describe(found));
    }

    /** One line per backend with rank and availability: what users paste into bug reports. */
    public static String describe(List<Discovered> found) {
        if (found.isEmpty()) {
            return "no backends on the class path (add backend-java, or another backend, as a dependency)";
        }
        StringBuilder sb = new StringBuilder("backends:");
        for (Discovered d : found) {
            sb.append("\n  ").append(d);
            if (d.availability().available() && d.provider() instanceof DeviceListing listing) {
                try {
                    listing.devices().forEach(device -> sb.append("\n      ").append(device));
                } catch (RuntimeException | LinkageError e) {
                    sb.append("\n      (cannot list its devices: ").append(e).append(')');
                }
            }
        }
        return sb.toString();
    }
}
