package io.resnet4j.conformance;

import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;

/**
 * One node's result in the reference: exact-ish values (double) and, per element, the magnitude bound
 * {@code Σ|w·a|} of everything that was summed to produce it (see {@link Tolerance}). Row-major, like {@link Tensor}.
 */
public record NodeValues(Shape shape, double[] value, double[] magnitude) {

    public NodeValues {
        if (value.length != shape.size() || magnitude.length != shape.size()) {
            throw new IllegalArgumentException("values do not match shape " + shape);
        }
    }

    /** An input: its magnitude is its absolute value, 0 where it is not finite (matched exactly, see {@link Tolerance}). */
    public static NodeValues of(Tensor t) {
        float[] d = t.data();
        double[] v = new double[d.length];
        double[] m = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            v[i] = d[i];
            m[i] = Double.isFinite(v[i]) ? Math.abs(v[i]) : 0;
        }
        return new NodeValues(t.shape(), v, m);
    }

    public static NodeValues zeros(Shape shape) {
        return new NodeValues(shape, new double[(int) shape.size()], new double[(int) shape.size()]);
    }

    /** The values rounded to float32, as a backend would return them. */
    public Tensor toTensor() {
        float[] f = new float[value.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) value[i];
        }
        return Tensor.wrap(shape, f);
    }
}
