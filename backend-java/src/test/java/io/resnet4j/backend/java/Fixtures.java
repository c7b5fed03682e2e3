package io.resnet4j.backend.java;

import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/** Shared test inputs: both kernel paths, and random tensors. */
final class Fixtures {
    /** Two threads even on one core, so that the parallel split is always exercised. */
    static final JavaBackend VECTOR = new JavaBackend(2, KernelSelection.vectorOrScalar());
    static final JavaBackend SCALAR = new JavaBackend(2, KernelSelection.scalar("scalar (test)"));

    private Fixtures() {}

    static List<JavaBackend> bothPaths() {
        return List.of(VECTOR, SCALAR);
    }

    /** Uniform values in [−1, 1). */
    static Tensor random(SplittableRandom random, int... dims) {
        Tensor t = Tensor.zeros(dims);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return t;
    }

    /** Uniform values in [low, high). */
    static Tensor uniform(SplittableRandom random, double low, double high, int n) {
        Tensor t = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            t.data()[i] = (float) (low + random.nextDouble() * (high - low));
        }
        return t;
    }

    /** Each value's raw bits, for assertions that two paths agree bit for bit (NaN payloads included). */
    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    static int[] bits(Tensor t) {
        return bits(t.data());
    }
}
