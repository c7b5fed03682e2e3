package io.resnet4j.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Gives the CLI back the user's own stderr. The JVM prints "WARNING: Using incubator modules" on stderr while it
 * boots, before any of our code runs, and no option silences it; so the {@code resnet4j} launcher starts the JVM
 * with stderr through a filter that drops that one line, and keeps the real stderr open as another descriptor,
 * named by {@value #PROPERTY}. The first thing {@link Main} does is {@code dup2} it back onto descriptor 2: from
 * then on every write — ours, the JVM's, native code's — goes straight to the user's stderr, which is still a
 * terminal when it was one, and the filter sees end-of-file and exits.
 */
final class LauncherStderr {
    static final String PROPERTY = "resnet4j.launcher.stderr";

    private LauncherStderr() {}

    /** Restores descriptor 2 from the one the launcher named, if it named one; true when it did so. */
    static boolean restore() {
        String fd = System.getProperty(PROPERTY);
        if (fd == null) {
            return false;
        }
        System.err.flush();
        try {
            int saved = Integer.parseInt(fd.trim());
            Linker linker = Linker.nativeLinker();
            FunctionDescriptor intOfInts = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
            MethodHandle dup2 = linker.downcallHandle(linker.defaultLookup().find("dup2").orElseThrow(), intOfInts);
            MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            if ((int) dup2.invokeExact(saved, 2) != 2) {
                return false; // keep the filtered stderr: everything still arrives, only through the filter
            }
            int closed = (int) close.invokeExact(saved);
            return closed == 0;
        } catch (Throwable e) {
            return false; // same: the filter passes every line but the JVM's warning
        }
    }
}
