package io.resnet4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar on stderr (images done, images/s, ETA), redrawn in place. Drawn only when stderr is a
 * terminal, so logs and pipes stay clean.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final int total;
    private final long start = System.nanoTime();
    private final boolean enabled;
    private int done;
    private boolean drawn;

    ProgressBar(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    /** Whether this process's stderr is a terminal (Linux: fd 2 links to a tty; elsewhere: the JDK's console check). */
    static boolean stderrIsTerminal() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
            String t = target.toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty");
        } catch (Exception notLinux) {
            return System.console() != null && System.console().isTerminal();
        }
    }

    void advance() {
        done++;
        if (!enabled) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long eta = Math.round((total - done) / Math.max(rate, 1e-9));
        int filled = (int) ((long) WIDTH * done / total);
        err.printf(Locale.ROOT, "\r[%s%s] %d/%d  %.1f images/s  ETA %d:%02d ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, rate, eta / 60, eta % 60);
        err.flush();
        drawn = true;
    }

    /** Clears the bar before another line is written to stderr. */
    void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
