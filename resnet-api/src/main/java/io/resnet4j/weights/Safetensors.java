package io.resnet4j.weights;

import io.resnet4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Reading and writing the safetensors format (https://github.com/huggingface/safetensors), in pure Java. */
public final class Safetensors {
    private Safetensors() {}

    /** Reads F32/F16/BF16/F64 tensors (as float32) and I64 scalars (as counters), validating every offset. */
    public static Checkpoint read(Path file) throws CheckpointException {
        try (MappedFile mapped = MappedFile.open(file)) {
            return SafetensorsReader.read(file, mapped.bytes());
        } catch (MalformedException e) {
            throw new CheckpointException(file, e.getMessage());
        }
    }

    /**
     * Writes {@code tensors} in {@code dtype} and {@code counters} as I64 scalars, atomically (temporary file and
     * rename): on failure the target is left as it was.
     */
    public static void write(Path out, Map<String, Tensor> tensors, Map<String, Long> counters, DType dtype) throws IOException {
        SafetensorsWriter.write(out, tensors, counters, dtype);
    }
}
