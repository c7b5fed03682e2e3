package io.resnet4j.models.parity;

import io.resnet4j.tensor.Tensor;
import java.util.Arrays;

/**
 * An array read from a {@code .npy} file, widened to double so that float32 and float64 golden data compare
 * on one footing (float32 to double is exact).
 */
record NpyArray(int[] shape, double[] values) {

    /** The values as a float32 tensor; exact for arrays that were float32 on disk. */
    Tensor toTensor() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.wrap(f, shape);
    }

    /** Largest absolute value (the scale a tolerance is relative to). */
    double maxAbs() {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** Largest element-wise absolute difference to {@code other}, which must have the same shape. */
    double maxAbsDiff(double[] other, int[] otherShape, String what) {
        if (!Arrays.equals(shape, otherShape)) {
            throw new AssertionError(what + ": shape " + Arrays.toString(otherShape) + " differs from golden "
                    + Arrays.toString(shape));
        }
        double max = 0;
        for (int i = 0; i < values.length; i++) {
            max = Math.max(max, Math.abs(values[i] - other[i]));
        }
        return max;
    }

    double maxAbsDiff(NpyArray other, String what) {
        return maxAbsDiff(other.values, other.shape, what);
    }

    double maxAbsDiff(Tensor tensor, String what) {
        float[] data = tensor.data();
        double[] widened = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            widened[i] = data[i];
        }
        return maxAbsDiff(widened, tensor.shape().toArray(), what);
    }
}
