package io.resnet4j.backend.java;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one line that keeps the scalar path from being a silent 10× slowdown: printed on stderr the first time a
 * java backend is opened in a JVM that lacks the Vector API module, with the flag that fixes it and where each
 * common launcher takes it. Not printed when the user chose the scalar path with {@code -Dresnet4j.java.vector=false}.
 */
final class ScalarPathWarning {
    static final String MESSAGE = "resnet4j: warning: the java backend runs its scalar kernels, about 10x slower,"
            + " because this JVM lacks the Vector API: add the JVM option --add-modules jdk.incubator.vector"
            + " (java command or JDK_JAVA_OPTIONS; Maven: Surefire <argLine>, exec:java .mvn/jvm.config;"
            + " Gradle: jvmArgs, applicationDefaultJvmArgs), or -D" + KernelSelection.VECTOR_PROPERTY
            + "=false to choose the scalar path quietly";

    private final AtomicBoolean said = new AtomicBoolean();

    /** Prints {@link #MESSAGE} on {@code err} unless this instance already has; true when it printed. */
    boolean sayOnce(PrintStream err) {
        if (!said.compareAndSet(false, true)) {
            return false;
        }
        err.println(MESSAGE);
        err.flush();
        return true;
    }
}
