package io.resnet4j.conformance.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the torchvision golden data of {@code tools/golden/generate.py} lives, and making it when allowed.
 *
 * <ul>
 *   <li>{@value #DIR_PROPERTY}: a directory of golden data made elsewhere (a backend author's own build); used as is.
 *   <li>Otherwise the resnet4j checkout around the working directory (or {@value #HOME_PROPERTY}), in
 *       {@code target/golden}. With {@value #GENERATE_PROPERTY}{@code =true} (this repository's test runs) missing
 *       data is generated there with {@code /usr/bin/python3}, Debian's torch; otherwise only existing data is used.
 * </ul>
 * Where no data can be had the golden property is skipped with the reason, never failed.
 */
public final class GoldenFixtures {
    public static final String DIR_PROPERTY = "resnet4j.golden.dir";
    public static final String HOME_PROPERTY = "resnet4j.home";
    public static final String GENERATE_PROPERTY = "resnet4j.golden.generate";
    /** The interpreter that has python3-torch (the {@code python3} on PATH may not). */
    public static final String PYTHON_PROPERTY = "resnet4j.golden.python";

    public static final List<String> ARCHS = List.of("resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
            "resnext50_32x4d", "wide_resnet50_2");
    /** 224×224 as in ImageNet; 97×131 is odd and non-square, so every stride-2 layer must floor like torch. */
    public static final List<String> SIZES = List.of("224x224", "97x131");

    /** generate.py's exit status for "torch, torchvision or numpy cannot be imported". */
    private static final int EXIT_NO_TORCH = 3;
    private static final long TIMEOUT_MINUTES = 30;

    /** One architecture at one input size: {@code <dir>/<arch>/<arch>.pth} and {@code <dir>/<arch>/<size>/*.npy}. */
    public record Case(Path dir, String arch, String size) {
        public Path checkpoint() {
            return dir.resolve(arch).resolve(arch + ".pth");
        }

        public Path sizeDir() {
            return dir.resolve(arch).resolve(size);
        }

        @Override
        public String toString() {
            return arch + " @ " + size;
        }
    }

    /** Where the data is, or why there is none. */
    private record Resolution(Path directory, Optional<String> unavailable) {}

    /** Decided once per value of {@value #DIR_PROPERTY} (generation is slow; tests switch the property). */
    private static final Map<String, Resolution> RESOLVED = new HashMap<>();

    private GoldenFixtures() {}

    /** Why golden parity cannot run here, if it cannot; makes the data first where allowed. */
    public static Optional<String> unavailableReason() {
        return resolution().unavailable();
    }

    private static synchronized Resolution resolution() {
        return RESOLVED.computeIfAbsent(System.getProperty(DIR_PROPERTY, ""), GoldenFixtures::resolve);
    }

    /** Every case whose data exists, in a fixed order. */
    public static List<Case> cases() {
        Resolution r = resolution();
        if (r.unavailable().isPresent()) {
            return List.of();
        }
        List<Case> cases = new ArrayList<>();
        for (String arch : ARCHS) {
            for (String size : SIZES) {
                Case c = new Case(r.directory(), arch, size);
                if (Files.isRegularFile(c.checkpoint()) && Files.isDirectory(c.sizeDir())) {
                    cases.add(c);
                }
            }
        }
        return cases;
    }

    private static Resolution resolve(String explicit) {
        if (!explicit.isBlank()) {
            Path dir = Path.of(explicit).toAbsolutePath();
            return new Resolution(dir, hasData(dir) ? Optional.empty()
                    : Optional.of("-D" + DIR_PROPERTY + "=" + explicit + " holds no golden data (from tools/golden/generate.py)"));
        }
        Optional<Path> home = checkout();
        if (home.isEmpty()) {
            return new Resolution(null,
                    Optional.of("no golden data: not inside a resnet4j checkout and -D" + DIR_PROPERTY + " is not set"));
        }
        Path dir = home.get().resolve("target").resolve("golden");
        if (Boolean.getBoolean(GENERATE_PROPERTY)) {
            return new Resolution(dir, generate(home.get().resolve("tools").resolve("golden").resolve("generate.py"), dir));
        }
        return new Resolution(dir, hasData(dir) ? Optional.empty()
                : Optional.of("no golden data in " + dir + " yet: './mvnw verify' makes it (needs Debian's python3-torch)"));
    }

    private static boolean hasData(Path dir) {
        try (Stream<Path> archs = Files.list(dir)) {
            return archs.anyMatch(a -> Files.isRegularFile(a.resolve(a.getFileName() + ".pth")));
        } catch (IOException e) {
            return false;
        }
    }

    /** The checkout containing the working directory: the nearest ancestor with tools/golden/generate.py. */
    private static Optional<Path> checkout() {
        String home = System.getProperty(HOME_PROPERTY);
        Path start = Path.of(home != null ? home : System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tools").resolve("golden").resolve("generate.py"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> generate(Path script, Path directory) {
        String python = System.getProperty(PYTHON_PROPERTY, "/usr/bin/python3");
        if (!Files.isExecutable(Path.of(python))) {
            return Optional.of(python + " not found; golden parity needs Debian's python3-torch (tools/golden/install-deps.sh)");
        }
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--out", directory.toString())
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            // The generator prints one line per architecture, so reading to the end cannot block it.
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("generate.py ran over " + TIMEOUT_MINUTES + " minutes");
            }
            System.out.print(output);
            if (p.exitValue() == EXIT_NO_TORCH) {
                return Optional.of("torch/torchvision not importable by " + python
                        + " (run tools/golden/install-deps.sh): " + output.strip());
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("generate.py failed with status " + p.exitValue() + ":\n" + output);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + python + " " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while generating golden data", e);
        }
    }
}
