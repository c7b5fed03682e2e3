package io.resnet4j.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/** Reads a checkpoint whatever its format, recognised by content rather than by file extension. */
public final class Checkpoints {
    static final String LEGACY = "legacy torch serialization; re-save with torch.save(sd, f) on torch >= 1.6"
            + " (or _use_new_zipfile_serialization=True)";

    private Checkpoints() {}

    /** Reads a {@code torch.save} zip ({@code .pth/.pt/.bin}) or a safetensors file. */
    public static Checkpoint read(Path file) throws CheckpointException {
        try (MappedFile mapped = MappedFile.open(file)) {
            MemorySegment bytes = mapped.bytes();
            if (ZipArchive.looksLikeZip(bytes)) {
                return TorchZipReader.read(file, bytes);
            }
            if (SafetensorsReader.looksLikeSafetensors(bytes)) {
                return SafetensorsReader.read(file, bytes);
            }
            if (bytes.byteSize() >= 2 && bytes.get(ValueLayout.JAVA_BYTE, 0) == (byte) 0x80) {
                throw new CheckpointException(file, LEGACY); // a bare pickle stream: torch < 1.6 wrote these
            }
            throw new CheckpointException(file, "not a checkpoint: neither a torch.save zip nor a safetensors file");
        } catch (MalformedException e) {
            throw new CheckpointException(file, e.getMessage());
        }
    }
}
