package io.resnet4j.cli;

import io.resnet4j.bench.PeakRss;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Peak RSS per runtime. The timed comparison runs every runtime in one JVM, where one runtime's memory would be
 * counted against the other; so each runtime runs the same bench again, alone, in a fresh JVM (the same java,
 * JVM options and class path, with {@code bench --rss-probe RUNTIME}), and reports its VmHWM at the end.
 */
final class RssProbe {
    /** The child's last line on stdout: this prefix and the bytes (-1 where the OS does not tell). */
    static final String MARKER = "resnet4j-peak-rss-bytes=";
    private static final long TIMEOUT_MINUTES = 30;

    private RssProbe() {}

    /** What a child reported: its peak RSS in bytes, or why there is none (one line). */
    record Measured(OptionalLong bytes, String failure) {}

    /** The child's side: called once its runs are done. */
    static void report(PrintWriter out) {
        out.println(MARKER + PeakRss.ofThisProcess().orElse(-1));
        out.flush();
    }

    /** Runs {@code resnet4j <benchArgs> --rss-probe runtime} in a fresh JVM and reads its peak RSS. */
    static Measured measure(List<String> benchArgs, String runtime) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // Not the launcher's stderr hand-over: the child has no such descriptor, and taking over whatever holds
        // that number in a JVM crashes it.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-D" + LauncherStderr.PROPERTY + "="))
                .forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(benchArgs);
        command.add("--rss-probe");
        command.add(runtime);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // The child prints a few lines at most, so reading to the end first cannot block it.
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Measured(OptionalLong.empty(), "ran over " + TIMEOUT_MINUTES + " minutes");
            }
            String last = output.strip().lines().reduce((a, b) -> b).orElse("");
            if (p.exitValue() != 0 || !last.startsWith(MARKER)) {
                return new Measured(OptionalLong.empty(), "its JVM failed (status " + p.exitValue() + "): " + last);
            }
            long bytes = Long.parseLong(last.substring(MARKER.length()).trim());
            return bytes < 0 ? new Measured(OptionalLong.empty(), "no VmHWM in /proc/self/status (not Linux)")
                    : new Measured(OptionalLong.of(bytes), "");
        } catch (IOException | NumberFormatException e) {
            return new Measured(OptionalLong.empty(), "could not run a fresh JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Measured(OptionalLong.empty(), "interrupted");
        }
    }
}
