package io.resnet4j.models.parity;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The torchvision golden data of {@code tools/golden/generate.py}, generated on demand into
 * {@code resnet-models/target/golden}. The generator stamps each architecture's outputs with its own hash, so
 * after the first run a call costs one Python start-up and no torch import. Where {@code /usr/bin/python3} or
 * its torch is missing, the calling test is skipped (JUnit assumption) with the reason, not failed.
 */
final class GoldenData {
    /**
     * Debian's interpreter, the one that has python3-torch (the {@code python3} on PATH may not); the system
     * property {@code resnet4j.golden.python} points elsewhere.
     */
    private static final String PYTHON = System.getProperty("resnet4j.golden.python", "/usr/bin/python3");
    /** generate.py's exit status for "torch, torchvision or numpy cannot be imported". */
    private static final int EXIT_NO_TORCH = 3;
    private static final long TIMEOUT_MINUTES = 20;

    private static final Map<String, Path> GENERATED = new ConcurrentHashMap<>();
    /** Why golden data cannot be made here, once known, so the remaining tests skip without a Python start. */
    private static volatile String unavailable;

    private GoldenData() {}

    /** The directory holding {@code arch}'s golden data (see generate.py), generating it if needed. */
    static Path forArch(String arch) {
        if (unavailable != null) {
            abort(unavailable);
        }
        return GENERATED.computeIfAbsent(arch, GoldenData::generate);
    }

    /** The golden files of one input size, e.g. {@code 224x224}. */
    static Path sizeDir(String arch, String size) {
        Path dir = forArch(arch).resolve(size);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("golden data for " + arch + " has no size " + size + " (" + dir + ")");
        }
        return dir;
    }

    static Path moduleDir() {
        // Surefire runs tests in the module directory and also passes it as "basedir".
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    private static void skipAll(String reason) {
        unavailable = reason;
        abort(reason);
    }

    private static Path generate(String arch) {
        Path script = moduleDir().resolveSibling("tools").resolve("golden").resolve("generate.py");
        Path out = moduleDir().resolve("target").resolve("golden");
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("golden data generator not found at " + script);
        }
        if (!Files.isExecutable(Path.of(PYTHON))) {
            skipAll(PYTHON + " not found; the torchvision parity tests need it (tools/golden/install-deps.sh)");
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), "--out", out.toString(), "--archs", arch)
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            // Output is small (one line per architecture), so reading it to the end cannot block the child.
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("generate.py for " + arch + " ran over " + TIMEOUT_MINUTES + " minutes");
            }
            System.out.print(output);
            if (p.exitValue() == EXIT_NO_TORCH) {
                skipAll("torch/torchvision not importable by " + PYTHON + " (run tools/golden/install-deps.sh): "
                        + output.strip());
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("generate.py for " + arch + " failed with status " + p.exitValue()
                        + ":\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + PYTHON + " " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while generating golden data for " + arch, e);
        }
        return out.resolve(arch);
    }
}
