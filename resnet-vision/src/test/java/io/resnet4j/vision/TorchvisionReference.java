package io.resnet4j.vision;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reference data made by PIL and torchvision through {@code tools/vision/parity.py} (Debian's python3-torch,
 * python3-torchvision and python3-pil under {@code /usr/bin/python3}), generated once per build into
 * {@code resnet-vision/target/vision-parity}. Where Python or those packages are missing, tests using it are
 * skipped with the reason.
 */
final class TorchvisionReference {
    static final Path ROOT = Path.of(System.getProperty("resnet4j.repo.root", "..")).toAbsolutePath().normalize();
    static final Path PHOTO = ROOT.resolve("examples/images/chelsea.png");
    private static final Path DIR = ROOT.resolve("resnet-vision/target/vision-parity");
    private static final String PYTHON = "/usr/bin/python3";
    private static String unavailable;
    private static boolean generated;

    /** One test image and the transform torchvision applied to it. */
    record Row(String name, boolean jpeg, ImageNetTransform transform, boolean exifRotate) {
        Path image() {
            return DIR.resolve("images").resolve(name);
        }

        Path tensor() {
            return DIR.resolve(name + ".tensor.npy");
        }

        Path decodedRgb() {
            return DIR.resolve(name + ".rgb.npy");
        }
    }

    /** One image's top-5 classes and probabilities as PyTorch computed them. */
    record Top5(String name, double logitGap, int[] indices, float[] probabilities) {}

    private TorchvisionReference() {}

    /** The directory with the reference data; skips the calling test when it cannot be made here. */
    static synchronized Path dir() {
        if (!generated && unavailable == null) {
            unavailable = generate();
            generated = unavailable == null;
        }
        assumeTrue(unavailable == null, unavailable);
        return DIR;
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            rows.add(new Row(f[0], f[1].equals("jpeg"),
                    new ImageNetTransform(Integer.parseInt(f[2]), Integer.parseInt(f[3]), floats(f[4]), floats(f[5])),
                    f[6].equals("1")));
        }
        return rows;
    }

    static List<Top5> top5() throws IOException {
        List<Top5> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve("top5.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            String[] entries = f[2].split(" ");
            int[] idx = new int[entries.length];
            float[] p = new float[entries.length];
            for (int i = 0; i < entries.length; i++) {
                String[] kv = entries[i].split(":");
                idx[i] = Integer.parseInt(kv[0]);
                p[i] = Float.parseFloat(kv[1]);
            }
            out.add(new Top5(f[0], Double.parseDouble(f[1]), idx, p));
        }
        return out;
    }

    static Path checkpoint() {
        return dir().resolve("resnet18-seeded.pth");
    }

    private static float[] floats(String csv) {
        String[] parts = csv.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    /** Runs the generator; returns why the reference is unavailable, or null. */
    private static String generate() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " not found: the torchvision parity tests need Debian's python3-torch, python3-torchvision"
                    + " and python3-pil (tools/golden/install-deps.sh installs them)";
        }
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import torch, torchvision, PIL, numpy")
                    .redirectErrorStream(true).start();
            String probeOut = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (probe.waitFor() != 0) {
                return PYTHON + " cannot import torch, torchvision, PIL and numpy (tools/golden/install-deps.sh installs"
                        + " them): " + probeOut.lines().reduce((a, b) -> b).orElse("");
            }
            Files.createDirectories(DIR);
            Path log = DIR.resolve("generate.log");
            Process p = new ProcessBuilder(PYTHON, ROOT.resolve("tools/vision/parity.py").toString(),
                    PHOTO.toString(), DIR.toString(), "--top5")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("tools/vision/parity.py took more than 10 minutes");
            }
            if (p.exitValue() != 0) {
                // Python works here, so a failing generator is a real failure, not a reason to skip.
                throw new IllegalStateException("tools/vision/parity.py failed: " + Files.readString(log));
            }
            return null;
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
