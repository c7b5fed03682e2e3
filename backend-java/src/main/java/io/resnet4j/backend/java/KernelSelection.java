package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import java.util.Locale;

/**
 * Chooses the kernels once, when this class loads (like Lucene's VectorizationProvider): the Vector API when
 * the {@code jdk.incubator.vector} module is present and {@value #VECTOR_PROPERTY} is not {@code false}, else
 * the scalar kernels, with the reason in their description. When the scalar path was not the user's choice but
 * the module is missing, the first backend opened says so ({@link ScalarPathWarning}).
 */
final class KernelSelection {
    static final String VECTOR_PROPERTY = "resnet4j.java.vector";
    static final String UNAVAILABLE = "scalar (Vector API unavailable: run with --add-modules jdk.incubator.vector)";

    private static final Object CHOICE = chooseOrExplain(System.getProperty(VECTOR_PROPERTY));
    private static final ScalarPathWarning WARNING = new ScalarPathWarning();

    private KernelSelection() {}

    /**
     * The kernels for a backend being opened: those chosen at class load, warning once on stderr if they are the
     * scalar ones for want of the Vector API module. Throws if the property held something other than true or false.
     */
    static Kernels defaultKernels() {
        Kernels kernels = chosenKernels();
        if (isMissingVectorModule(kernels)) {
            WARNING.sayOnce(System.err);
        }
        return kernels;
    }

    /** The kernels chosen at class load, without the warning (for describing the backend before it is opened). */
    static Kernels chosenKernels() {
        if (CHOICE instanceof Kernels k) {
            return k;
        }
        throw new ResNet4jException((String) CHOICE);
    }

    /** True for the scalar kernels chosen because the module was absent, not because the user asked for them. */
    static boolean isMissingVectorModule(Kernels kernels) {
        return kernels instanceof ScalarKernels && UNAVAILABLE.equals(kernels.describe());
    }

    private static Object chooseOrExplain(String setting) {
        try {
            return choose(setting);
        } catch (ResNet4jException e) {
            return e.getMessage();
        }
    }

    /** The selection rule, apart from the system property so that it can be tested. */
    static Kernels choose(String setting) {
        String value = setting == null ? "true" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "true" -> vectorOrScalar();
            case "false" -> scalar("scalar (Vector API disabled by -D" + VECTOR_PROPERTY + "=false)");
            default -> throw new ResNet4jException("-D" + VECTOR_PROPERTY + " must be true or false, got '" + setting + "'");
        };
    }

    static Kernels scalar(String why) {
        return new ScalarKernels(why);
    }

    /** The vector kernels if this JVM can load them, with at least 4 lanes to make them worth it. */
    static Kernels vectorOrScalar() {
        try {
            Class<?> type = Class.forName("io.resnet4j.backend.java.VectorKernels");
            int lanes = (int) type.getDeclaredMethod("lanes").invoke(null);
            if (lanes < 4) {
                return scalar("scalar (the Vector API offers only " + lanes + " float lanes here)");
            }
            return (Kernels) type.getDeclaredConstructor().newInstance();
        } catch (LinkageError | ReflectiveOperationException e) {
            return scalar(UNAVAILABLE);
        }
    }
}
