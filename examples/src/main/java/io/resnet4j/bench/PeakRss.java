package io.resnet4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/** The peak resident set size of this process, as Linux keeps it (VmHWM, the RSS high-water mark). */
public final class PeakRss {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakRss() {}

    /** Bytes, or empty where there is no {@code /proc/self/status} (not Linux). */
    public static OptionalLong ofThisProcess() {
        try {
            return parse(Files.readString(STATUS));
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
    }

    /** The VmHWM line of a {@code /proc/PID/status} text, e.g. {@code VmHWM:   421288 kB}, in bytes. */
    static OptionalLong parse(String status) {
        return status.lines()
                .filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring("VmHWM:".length()).trim().split("\\s+"))
                .filter(f -> f.length == 2 && f[1].equals("kB"))
                .mapToLong(f -> Long.parseLong(f[0]) * 1024)
                .findFirst();
    }

    /** e.g. {@code 2.41 GB} or {@code 421 MB} (decimal units, as in the issue tracker's numbers). */
    public static String format(long bytes) {
        return bytes >= 1_000_000_000L
                ? String.format(Locale.ROOT, "%.2f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
