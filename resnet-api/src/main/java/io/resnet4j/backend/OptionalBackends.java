package io.resnet4j.backend;

import io.resnet4j.ResNet4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Backends that ship as optional modules. When one is not on the class path, discovery still lists it, unavailable,
 * with the reason and the fix — so that {@code --backend tornadovm} on a plain build says how to switch it on
 * instead of "unknown backend". This lives in resnet-api because the optional module itself is exactly what is
 * missing.
 */
final class OptionalBackends {
    static final String TORNADOVM = "tornadovm";
    static final String TORNADOVM_HOME = "TORNADOVM_HOME";
    /** Where to get TornadoVM: its official installer and release pages; resnet4j needs the JDK 25 line. */
    static final String TORNADOVM_GET = "get TornadoVM's JDK 25 line (5.2.0-jdk25 or later) from its official "
            + "installer or releases (https://github.com/beehive-lab/TornadoVM/releases, "
            + "https://tornadovm.readthedocs.io/en/latest/installation.html)";

    private OptionalBackends() {}

    /** Placeholders for the optional backends that {@code found} lacks. */
    static List<Backends.Discovered> missing(List<Backends.Discovered> found, Function<String, String> env) {
        List<Backends.Discovered> absent = new ArrayList<>();
        if (found.stream().noneMatch(d -> d.name().equals(TORNADOVM))) {
            Absent tornado = new Absent(TORNADOVM, tornadoReason(env.apply(TORNADOVM_HOME)));
            absent.add(new Backends.Discovered(tornado, tornado.availability()));
        }
        return absent;
    }

    static String tornadoReason(String home) {
        if (home == null || home.isBlank()) {
            return "TornadoVM is not installed here ($" + TORNADOVM_HOME + " is not set); " + TORNADOVM_GET
                    + ", then set " + TORNADOVM_HOME + " to the SDK's directory: ./resnet4j then builds and loads this"
                    + " backend by itself";
        }
        if (!Files.isRegularFile(Path.of(home, "tornado-argfile"))) {
            return TORNADOVM_HOME + "=" + home + " is not a TornadoVM SDK (it has no tornado-argfile); " + TORNADOVM_GET
                    + ", and point " + TORNADOVM_HOME + " at the SDK's directory";
        }
        return "the backend-tornadovm module is not on the class path although " + TORNADOVM_HOME + "=" + home
                + " is set: ./resnet4j builds it by itself (see .resnet4j/build.log if that failed); in your own "
                + "project add io.resnet4j:backend-tornadovm (built with -Ptornadovm) and start the JVM with @"
                + home + "/tornado-argfile";
    }

    /** Stands for a backend whose module is absent: never available, so {@link #open()} is never reached. */
    private record Absent(String name, String why) implements BackendProvider {
        @Override
        public int rank() {
            return 0;
        }

        @Override
        public Availability availability() {
            return Availability.no(why);
        }

        @Override
        public Backend open() {
            throw new ResNet4jException("backend '" + name + "' is not available: " + why);
        }
    }
}
