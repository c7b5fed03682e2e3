package io.resnet4j.backend.tornadovm;

import io.resnet4j.backend.Availability;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether TornadoVM can run kernels in this JVM, checked step by step so that the reason names what to fix.
 * Each step guards the next: TornadoVM's classes are only touched once they are known to be there and the JVM
 * was started with TornadoVM's options (touching them otherwise throws from deep inside its runtime).
 */
final class TornadoAvailability {
    /** Set by TornadoVM's argfile (and its {@code tornado} launcher); absent means a plain JVM. */
    static final String RUNTIME_PROPERTY = "tornado.load.runtime.implementation";
    static final String BAILOUT_PROPERTY = "tornado.recover.bailout";
    static final String API_CLASS = "uk.ac.manchester.tornado.api.TaskGraph";

    private TornadoAvailability() {}

    /**
     * The decision, with the environment passed in so tests can walk every branch.
     *
     * @param properties   system property lookup
     * @param classPresent whether a class can be loaded
     * @param device       the chosen device's description, or throws when there is no usable device; only
     *                     called when the previous checks passed
     */
    static Availability check(Function<String, String> properties, Predicate<String> classPresent,
            Supplier<String> device) {
        if (!classPresent.test(API_CLASS)) {
            return Availability.no("TornadoVM's classes are not on the class path (" + API_CLASS
                    + " not found): install TornadoVM and start the JVM with its launcher or argfile");
        }
        if (properties.apply(RUNTIME_PROPERTY) == null) {
            return Availability.no("the JVM was not started with TornadoVM's options: run with "
                    + "`java @$TORNADOVM_HOME/tornado-argfile -D" + BAILOUT_PROPERTY + "=False ...` "
                    + "or through the `tornado` launcher");
        }
        String bailout = properties.apply(BAILOUT_PROPERTY);
        if (bailout != null && !bailout.equalsIgnoreCase("false")) {
            return Availability.no("-D" + BAILOUT_PROPERTY + "=" + bailout + " lets TornadoVM silently run failed "
                    + "kernels as plain Java; start the JVM with -D" + BAILOUT_PROPERTY + "=False");
        }
        try {
            return Availability.yes(device.get());
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("TornadoVM found no usable device: " + e.getMessage());
        }
    }

    static boolean classPresent(String name) {
        try {
            Class.forName(name, false, TornadoAvailability.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
