package io.resnet4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Why an export cannot be had is one line that says how to get it; no torch is needed for these cases. */
class OnnxExportTest {
    @TempDir
    Path dir;

    private static Path checkout() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tools/bench/export_onnx.py"))) {
                return p;
            }
        }
        throw new AssertionError("no checkout above " + Path.of("").toAbsolutePath());
    }

    private String failure(OnnxExport export, String arch) {
        PeerUnavailableException e = assertThrows(PeerUnavailableException.class,
                () -> export.export(arch, null, new PrintWriter(new StringWriter())));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void missingPythonSaysHowToGetTorch() {
        String message = failure(new OnnxExport(checkout(), dir.resolve("no-python").toString()), "resnet18");
        assertTrue(message.contains("no-python not found"), message);
        assertTrue(message.contains("apt-get install python3-torch python3-torchvision"), message);
    }

    @Test
    void pythonWithoutTorchSaysHowToGetIt() throws IOException {
        // Stands in for an interpreter whose `import torch` fails: export_onnx.py's exit status 3.
        Path python = Files.writeString(dir.resolve("python3"), "#!/bin/sh\necho 'export_onnx.py: cannot import torch' >&2\nexit 3\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        String message = failure(new OnnxExport(checkout(), python.toString()), "resnet18");
        assertTrue(message.contains("cannot import torch/torchvision"), message);
        assertTrue(message.contains("apt-get install python3-torch python3-torchvision"), message);
    }

    @Test
    void anArchitectureTorchvisionLacksIsNamed() {
        // The script refuses the name before it imports torch, so any python3 will do.
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        String message = failure(new OnnxExport(checkout(), python.toString()), "resnet26");
        assertTrue(message.startsWith("torchvision has no architecture 'resnet26'; known: resnet18, "), message);
    }

    @Test
    void cachesAreKeyedByArchitectureAndWeightsFile() {
        assertEquals("resnet50", OnnxExport.cacheName("ResNet50", null));
        String a = OnnxExport.cacheName("resnet50", Path.of("/data/a.pth"));
        String b = OnnxExport.cacheName("resnet50", Path.of("/data/b.pth"));
        assertTrue(a.startsWith("resnet50-"), a);
        assertNotEquals(a, b);
    }
}
