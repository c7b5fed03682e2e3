package io.resnet4j.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Turns stored elements (any {@link ElementType}, either byte order) into a float32 array or an int64 scalar.
 * Contiguous rows are converted in bulk straight from the mapping; strided tensors are gathered row by row.
 */
final class TensorDecoder {
    /** Elements converted per bulk step for the narrow/wide formats: bounds the temporary array. */
    private static final int CHUNK = 1 << 16;

    private final ValueLayout.OfFloat f32;
    private final ValueLayout.OfShort i16;
    private final ValueLayout.OfDouble f64;
    private final ValueLayout.OfLong i64;
    private final ValueLayout.OfInt i32;

    TensorDecoder(ByteOrder order) {
        f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
        i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
        f64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
        i64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
        i32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
    }

    /** The view's elements as float32 in row-major order; {@code storage} holds exactly the storage's bytes. */
    float[] floats(MemorySegment storage, ElementType type, StridedView view) {
        float[] out = new float[(int) view.numel()];
        if (out.length == 0) {
            return out;
        }
        if (view.isContiguous()) {
            convert(storage, type, view.offset(), out, 0, out.length);
            return out;
        }
        gather(storage, type, view, out);
        return out;
    }

    /** The single element of an integer tensor (numel must be 1). */
    long integerScalar(MemorySegment storage, ElementType type, StridedView view) {
        long byteOffset = view.offset() * type.bytes;
        return type == ElementType.I64 ? storage.get(i64, byteOffset) : storage.get(i32, byteOffset);
    }

    /** Walks every index but the last (an odometer) and converts one innermost row at a time. */
    private void gather(MemorySegment storage, ElementType type, StridedView view, float[] out) {
        long[] sizes = view.sizes();
        long[] strides = view.strides();
        int rank = sizes.length;
        int rowLength = (int) sizes[rank - 1];
        long rowStride = strides[rank - 1];
        long[] index = new long[rank - 1];
        long base = view.offset();
        for (int written = 0; written < out.length; written += rowLength) {
            if (rowStride == 1) {
                convert(storage, type, base, out, written, rowLength);
            } else {
                for (int j = 0; j < rowLength; j++) {
                    out[written + j] = element(storage, type, base + j * rowStride);
                }
            }
            for (int d = rank - 2; d >= 0; d--) {
                index[d]++;
                base += strides[d];
                if (index[d] < sizes[d]) {
                    break;
                }
                base -= index[d] * strides[d];
                index[d] = 0;
            }
        }
    }

    private float element(MemorySegment storage, ElementType type, long i) {
        return switch (type) {
            case F32 -> storage.get(f32, i * 4);
            case F16 -> Float.float16ToFloat(storage.get(i16, i * 2));
            case BF16 -> Float.intBitsToFloat(storage.get(i16, i * 2) << 16);
            case F64 -> (float) storage.get(f64, i * 8);
            case I64, I32 -> throw new IllegalArgumentException(type + " is not a float type");
        };
    }

    /** Converts {@code count} consecutive elements starting at element {@code first}. */
    private void convert(MemorySegment storage, ElementType type, long first, float[] out, int at, int count) {
        switch (type) {
            case F32 -> MemorySegment.copy(storage, f32, first * 4, out, at, count);
            case F16, BF16 -> {
                short[] tmp = new short[Math.min(CHUNK, count)];
                for (int done = 0; done < count; done += tmp.length) {
                    int n = Math.min(tmp.length, count - done);
                    MemorySegment.copy(storage, i16, (first + done) * 2, tmp, 0, n);
                    if (type == ElementType.F16) {
                        for (int j = 0; j < n; j++) {
                            out[at + done + j] = Float.float16ToFloat(tmp[j]);
                        }
                    } else {
                        for (int j = 0; j < n; j++) {
                            out[at + done + j] = Float.intBitsToFloat(tmp[j] << 16);
                        }
                    }
                }
            }
            case F64 -> {
                double[] tmp = new double[Math.min(CHUNK, count)];
                for (int done = 0; done < count; done += tmp.length) {
                    int n = Math.min(tmp.length, count - done);
                    MemorySegment.copy(storage, f64, (first + done) * 8, tmp, 0, n);
                    for (int j = 0; j < n; j++) {
                        out[at + done + j] = (float) tmp[j];
                    }
                }
            }
            case I64, I32 -> throw new IllegalArgumentException(type + " is not a float type");
        }
    }
}
