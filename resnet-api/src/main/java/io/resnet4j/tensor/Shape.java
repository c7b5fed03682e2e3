package io.resnet4j.tensor;

import io.resnet4j.ResNet4jException;
import java.util.Arrays;

/** The dimensions of a tensor, outermost first. Immutable; every dimension is ≥ 0. */
public final class Shape {
    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new ResNet4jException("negative dimension in shape " + Arrays.toString(dims));
            }
            n = Math.multiplyExact(n, d);
        }
        this.dims = dims;
        this.size = n;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** Parses {@code 3x224x224} (also accepts commas). */
    public static Shape parse(String text) {
        String[] parts = text.trim().split("[x×,]");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ResNet4jException("not a shape: '" + text + "' (expected e.g. 3x224x224)");
            }
            if (dims[i] < 1) {
                throw new ResNet4jException("not a shape: '" + text + "' (every dimension must be ≥ 1)");
            }
        }
        return new Shape(dims);
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public int[] toArray() {
        return dims.clone();
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    /** The same shape with {@code batch} prepended. */
    public Shape withBatch(int batch) {
        int[] d = new int[dims.length + 1];
        d[0] = batch;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** PyTorch's notation, e.g. {@code [2, 3, 224, 224]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }

    /** Compact notation, e.g. {@code 2x3x224x224}. */
    public String toCompactString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
