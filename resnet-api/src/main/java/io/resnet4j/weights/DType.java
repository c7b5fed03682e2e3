package io.resnet4j.weights;

/** Float formats {@link Safetensors#write} can store tensors in; all are read back as float32. */
public enum DType {
    F32(4),
    F16(2),
    BF16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
