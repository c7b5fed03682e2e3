package io.resnet4j.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files get the permissions any new file gets (the umask's), and a missing directory is named. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesHaveThePermissionsOfAnyNewFile() throws Exception {
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        assertTrue(usual.contains(PosixFilePermission.OWNER_READ), usual.toString());

        Path safetensors = dir.resolve("w.safetensors");
        Safetensors.write(safetensors, Map.of("w", Tensor.zeros(2)), Map.of(), DType.F32);
        assertEquals(usual, Files.getPosixFilePermissions(safetensors));

        Path npy = dir.resolve("x.npy");
        Npy.write(npy, Tensor.zeros(1, 2));
        assertEquals(usual, Files.getPosixFilePermissions(npy));

        try (var left = Files.list(dir)) {
            assertEquals(3, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void aMissingDirectoryIsNamedNotATemporaryFile() {
        Path missing = dir.resolve("no/such/dir/out.safetensors");
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> Safetensors.write(missing, Map.of("w", Tensor.zeros(2)), Map.of(), DType.F32));
        assertEquals(missing + ": directory " + missing.getParent() + " does not exist", e.getMessage());

        ResNet4jException npy = assertThrows(ResNet4jException.class, () -> Npy.write(dir.resolve("nope/x.npy"), Tensor.zeros(1)));
        assertTrue(npy.getMessage().endsWith("cannot write: directory " + dir.resolve("nope") + " does not exist"), npy.getMessage());
    }
}
