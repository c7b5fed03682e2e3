package io.resnet4j.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Gets the {@link PeerFiles} of an architecture by running {@code tools/bench/export_onnx.py} with Debian's torch
 * ({@code /usr/bin/python3}; the {@code python3} on PATH often lacks it). Exports are cached under
 * {@code .resnet4j/peers/} of the checkout, one directory per architecture (and per weights file); the script
 * itself decides, by its stamp, whether a cached export is still current.
 */
public final class OnnxExport {
    public static final String PYTHON_PROPERTY = "resnet4j.python";
    public static final String HOME_PROPERTY = "resnet4j.home";
    public static final String HOW_TO_GET_TORCH = "apt-get install python3-torch python3-torchvision";

    private static final Path SCRIPT = Path.of("tools", "bench", "export_onnx.py");
    /** export_onnx.py's exit statuses. */
    private static final int EXIT_BAD_ARGUMENT = 2;
    private static final int EXIT_NO_TORCH = 3;
    private static final long TIMEOUT_MINUTES = 15;

    private final Path home;
    private final String python;

    public OnnxExport(Path home, String python) {
        this.home = home;
        this.python = python;
    }

    /**
     * The checkout this runs from: {@code -Dresnet4j.home} (the launcher sets it), else the nearest ancestor of
     * the working directory that holds the export script.
     */
    public static OnnxExport locate() throws PeerUnavailableException {
        String python = System.getProperty(PYTHON_PROPERTY, "/usr/bin/python3");
        String homeSetting = System.getProperty(HOME_PROPERTY);
        Path start = Path.of(homeSetting != null ? homeSetting : System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SCRIPT))) {
                return new OnnxExport(p, python);
            }
        }
        throw new PeerUnavailableException(SCRIPT + " not found above " + start
                + ": run from a resnet4j checkout or set -D" + HOME_PROPERTY);
    }

    /**
     * The model's weights as .pth and .onnx: seeded (torchvision's module with generate.py's recipe) or, with
     * {@code weights}, that checkpoint. {@code log} gets the script's line when it exports anew.
     */
    public PeerFiles export(String arch, Path weights, PrintWriter log) throws PeerUnavailableException {
        if (!Files.isExecutable(Path.of(python))) {
            throw new PeerUnavailableException(python + " not found; it exports the same weights to ONNX with torch ("
                    + HOW_TO_GET_TORCH + ")");
        }
        Path out = home.resolve(".resnet4j").resolve("peers").resolve(cacheName(arch, weights));
        List<String> command = new ArrayList<>(List.of(python, home.resolve(SCRIPT).toString(), "--arch", arch,
                "--out", out.toString()));
        if (weights != null) {
            command.addAll(List.of("--weights", weights.toAbsolutePath().toString()));
        }
        String output;
        int status;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // The script prints a line or two, so reading to the end first cannot block it.
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new PeerUnavailableException(SCRIPT + " ran over " + TIMEOUT_MINUTES + " minutes");
            }
            status = p.exitValue();
        } catch (IOException e) {
            throw new PeerUnavailableException("could not run " + python + " " + SCRIPT + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted while exporting " + arch + " to ONNX", e);
        }
        String last = output.isEmpty() ? "" : output.lines().reduce((a, b) -> b).orElse("");
        switch (status) {
            case 0 -> {
                if (!output.isEmpty()) {
                    log.println("resnet4j: " + last.replaceFirst("^export_onnx\\.py: ", ""));
                }
                return new PeerFiles(out.resolve("model.pth"), out.resolve("model.onnx"));
            }
            case EXIT_NO_TORCH -> throw new PeerUnavailableException(python
                    + " cannot import torch/torchvision, which export the same weights to ONNX (" + HOW_TO_GET_TORCH + ")");
            case EXIT_BAD_ARGUMENT -> throw new PeerUnavailableException(last.replaceFirst("^export_onnx\\.py: ", ""));
            default -> throw new PeerUnavailableException(SCRIPT + " failed with status " + status + ": " + last);
        }
    }

    /** {@code resnet50}, or {@code resnet50-<hash of the weights' path>} so that two checkpoints never share. */
    static String cacheName(String arch, Path weights) {
        String name = arch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
        if (weights == null) {
            return name;
        }
        byte[] path = weights.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
        return name + "-" + HexFormat.of().toHexDigits(Arrays.hashCode(path));
    }
}
