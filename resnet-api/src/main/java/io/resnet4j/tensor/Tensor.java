package io.resnet4j.tensor;

import io.resnet4j.ResNet4jException;
import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (for images: NCHW) order.
 *
 * <p>The backing array is shared, not copied, so that multi-hundred-megabyte weights are never duplicated.
 * Treat a tensor you did not create as read-only.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;

    private Tensor(Shape shape, float[] data) {
        if (shape.size() != data.length) {
            throw new ResNet4jException(
                    "tensor of shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        this.shape = shape;
        this.data = data;
    }

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static Tensor wrap(Shape shape, float[] data) {
        return new Tensor(shape, data);
    }

    public static Tensor wrap(float[] data, int... dims) {
        return new Tensor(Shape.of(dims), data);
    }

    public static Tensor zeros(Shape shape) {
        if (shape.size() > Integer.MAX_VALUE - 8) {
            throw new ResNet4jException("tensor of shape " + shape + " is too large for one array");
        }
        return new Tensor(shape, new float[(int) shape.size()]);
    }

    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    public Shape shape() {
        return shape;
    }

    /** The backing array (shared). */
    public float[] data() {
        return data;
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    public int rank() {
        return shape.rank();
    }

    public long size() {
        return data.length;
    }

    /** Element at the given indices (bounds-checked; for tests and tools, not hot loops). */
    public float get(int... index) {
        return data[offset(index)];
    }

    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    private int offset(int[] index) {
        if (index.length != shape.rank()) {
            throw new ResNet4jException("index " + Arrays.toString(index) + " does not match shape " + shape);
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new ResNet4jException("index " + Arrays.toString(index) + " out of bounds for shape " + shape);
            }
            off = off * shape.dim(i) + index[i];
        }
        return off;
    }

    /** A view with the same data and a new shape of equal size. */
    public Tensor reshape(int... dims) {
        return new Tensor(Shape.of(dims), data);
    }

    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    /**
     * Item {@code n} of the outermost dimension, copied, with that dimension kept as 1 (for batch-splitting).
     */
    public Tensor slice(int n) {
        int per = (int) (shape.size() / shape.dim(0));
        int[] dims = shape.toArray();
        dims[0] = 1;
        return new Tensor(Shape.of(dims), Arrays.copyOfRange(data, n * per, (n + 1) * per));
    }

    /** Requires this tensor to have exactly {@code expected}; the message names {@code what}. */
    public Tensor requireShape(Shape expected, String what) {
        if (!shape.equals(expected)) {
            throw new ResNet4jException(what + ": expected shape " + expected + ", got " + shape);
        }
        return this;
    }

    /** Largest absolute element-wise difference; shapes must match. */
    public double maxAbsDiff(Tensor other) {
        other.requireShape(shape, "maxAbsDiff operand");
        double max = 0;
        for (int i = 0; i < data.length; i++) {
            max = Math.max(max, Math.abs((double) data[i] - other.data[i]));
        }
        return max;
    }

    @Override
    public String toString() {
        return "Tensor" + shape;
    }
}
