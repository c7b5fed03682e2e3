package io.resnet4j.weights;

/** Element formats found in checkpoints; the float ones become float32, the integer ones counters. */
enum ElementType {
    F32(4, true),
    F16(2, true),
    BF16(2, true),
    F64(8, true),
    I64(8, false),
    I32(4, false);

    final int bytes;
    final boolean isFloat;

    ElementType(int bytes, boolean isFloat) {
        this.bytes = bytes;
        this.isFloat = isFloat;
    }

    /** PyTorch's name, for messages and notes. */
    String torchName() {
        return switch (this) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case F64 -> "float64";
            case I64 -> "int64";
            case I32 -> "int32";
        };
    }
}
