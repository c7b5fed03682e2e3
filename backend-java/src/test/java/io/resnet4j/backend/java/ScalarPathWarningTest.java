package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules jdk.incubator.vector} the java backend is ten times slower: it must say so, once,
 * with the fix. Checked in child JVMs started with and without the module, as a user's program would be.
 */
class ScalarPathWarningTest {

    @Test
    void theWarningIsOneLineNamingTheFlagAndWhereEachLauncherTakesIt() {
        String m = ScalarPathWarning.MESSAGE;
        assertFalse(m.contains("\n"), m);
        for (String needed : List.of("--add-modules jdk.incubator.vector", "JDK_JAVA_OPTIONS", "argLine",
                ".mvn/jvm.config", "Gradle", "applicationDefaultJvmArgs", "-Dresnet4j.java.vector=false")) {
            assertTrue(m.contains(needed), "missing '" + needed + "' in: " + m);
        }
    }

    @Test
    void sayOncePrintsOnlyTheFirstTime() {
        ScalarPathWarning warning = new ScalarPathWarning();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertTrue(warning.sayOnce(err));
        assertFalse(warning.sayOnce(err));
        assertEquals(ScalarPathWarning.MESSAGE + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aJvmWithoutTheModuleWarnsOnceOnFirstOpenAndNotBefore() throws Exception {
        List<String> err = runChild(List.of());
        assertEquals(List.of("describe done", ScalarPathWarning.MESSAGE, "opened twice: " + KernelSelection.UNAVAILABLE), err);
    }

    @Test
    void aJvmWithTheModuleDoesNotWarn() throws Exception {
        List<String> err = runChild(List.of("--add-modules", "jdk.incubator.vector"));
        assertEquals("describe done", err.get(err.size() - 2), err.toString());
        assertTrue(err.getLast().startsWith("opened twice: Vector API"), err.toString());
        assertTrue(err.stream().noneMatch(l -> l.startsWith("resnet4j")), err.toString());
    }

    @Test
    void choosingTheScalarPathOnPurposeDoesNotWarn() throws Exception {
        List<String> err = runChild(List.of("-Dresnet4j.java.vector=false"));
        assertTrue(err.stream().noneMatch(l -> l.startsWith("resnet4j")), err.toString());
    }

    /** Runs {@link TwoOpens} in a fresh JVM with {@code jvmOptions}; returns its stderr lines. */
    private static List<String> runChild(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TwoOpens.class.getName()));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        return err.lines().toList();
    }

    /** The child: describes the backends (no warning yet), then opens the java backend twice. */
    public static final class TwoOpens {
        public static void main(String[] args) {
            Backends.describe(Backends.discover());
            System.err.println("describe done");
            String kernels = "";
            for (int i = 0; i < 2; i++) {
                try (Backend b = Backends.open("java")) {
                    kernels = ((JavaBackend) b).kernelDescription();
                }
            }
            System.err.println("opened twice: " + kernels);
        }
    }
}
