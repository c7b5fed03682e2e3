package io.resnet4j.weights;

import java.util.Arrays;

/**
 * Where a tensor's elements lie in its storage: PyTorch's (storage offset, size, stride), in elements.
 * Construction validates everything against the storage length, so decoding never indexes out of bounds.
 */
record StridedView(long offset, long[] sizes, long[] strides, long numel) {
    /** Java arrays top out just below 2^31 elements. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    static final int MAX_RANK = 16;

    /** A row-major view of {@code sizes} starting at element 0. */
    static StridedView contiguous(long[] sizes, long storageNumel, String what) {
        long[] strides = new long[sizes.length];
        long step = 1;
        for (int i = sizes.length - 1; i >= 0; i--) {
            strides[i] = step;
            step = sizes[i] == 0 ? step : saturatingMultiply(step, sizes[i]);
        }
        return of(0, sizes, strides, storageNumel, what);
    }

    /** Validates a view; {@code what} names the tensor in error messages. */
    static StridedView of(long offset, long[] sizes, long[] strides, long storageNumel, String what) {
        if (sizes.length != strides.length) {
            throw new MalformedException(what + ": size " + Arrays.toString(sizes) + " and stride " + Arrays.toString(strides) + " differ in rank");
        }
        if (sizes.length > MAX_RANK) {
            throw new MalformedException(what + ": rank " + sizes.length + " exceeds " + MAX_RANK);
        }
        if (offset < 0) {
            throw new MalformedException(what + ": negative storage offset " + offset);
        }
        long numel = 1;
        long lastIndex = offset;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0 || sizes[i] > Integer.MAX_VALUE) {
                throw new MalformedException(what + ": invalid dimension " + sizes[i] + " in shape " + Arrays.toString(sizes));
            }
            if (strides[i] < 0) {
                throw new MalformedException(what + ": negative stride in " + Arrays.toString(strides));
            }
            numel = saturatingMultiply(numel, sizes[i]);
            if (sizes[i] > 0) {
                lastIndex = saturatingAdd(lastIndex, saturatingMultiply(sizes[i] - 1, strides[i]));
            }
        }
        if (numel > MAX_ELEMENTS) {
            throw new MalformedException(what + ": shape " + Arrays.toString(sizes) + " has more elements than a Java array holds");
        }
        if (numel > 0 && lastIndex >= storageNumel) {
            throw new MalformedException(what + ": shape " + Arrays.toString(sizes) + ", stride " + Arrays.toString(strides)
                    + " and offset " + offset + " reach element " + lastIndex + " of a storage of " + storageNumel);
        }
        return new StridedView(offset, sizes.clone(), strides.clone(), numel);
    }

    int[] shape() {
        int[] dims = new int[sizes.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) sizes[i];
        }
        return dims;
    }

    /** True when the elements are one row-major run (size-1 dimensions may have any stride). */
    boolean isContiguous() {
        long expected = 1;
        for (int i = sizes.length - 1; i >= 0; i--) {
            if (sizes[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= sizes[i];
        }
        return true;
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi != 0 || lo < 0) ? Long.MAX_VALUE : lo;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
