package io.resnet4j.conformance;

import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Tensors and batch-norm statistics drawn from a seed. Cases carry only the seed, so a shrunk counterexample
 * stays printable and reproducible while jqwik shrinks the shapes.
 */
public final class RandomData {
    private final SplittableRandom random;

    public RandomData(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Values uniform in [−1, 1). */
    public Tensor uniform(Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.wrap(shape, v);
    }

    public Tensor uniform(int... dims) {
        return uniform(Shape.of(dims));
    }

    /** A fair coin. */
    public boolean coin() {
        return random.nextBoolean();
    }

    /** Quiet NaNs with the sign bit clear and set: a ReLU that tests the sign bit would treat them differently. */
    static final float NAN = Float.intBitsToFloat(0x7fc00000), NEGATIVE_NAN = Float.intBitsToFloat(0xffc00000);
    private static final float[] NON_FINITE = {NAN, NEGATIVE_NAN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    /**
     * {@code t} (changed in place and returned) with one to three elements set to NaN (either sign), +∞ or −∞,
     * and about one in sixteen of the others set to −0 or +0: the special values PyTorch gives meaning to.
     */
    public Tensor withSpecialValues(Tensor t) {
        float[] v = withZeros(t).data();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            v[random.nextInt(v.length)] = NON_FINITE[random.nextInt(NON_FINITE.length)];
        }
        return t;
    }

    /**
     * {@code t} (changed in place and returned) with about one in sixteen elements set to −0 or +0: zero weights
     * must still propagate a NaN or ∞ input (0·NaN is NaN), so kernels may not skip them.
     */
    public Tensor withZeros(Tensor t) {
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            if (random.nextInt(16) == 0) {
                v[i] = random.nextBoolean() ? -0f : 0f;
            }
        }
        return t;
    }

    /** Variances log-uniform in [lo, hi]: small ones make a forgotten ε visible. */
    public Tensor logUniform(int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo)));
        }
        return Tensor.wrap(v, n);
    }

    /**
     * Replaces every batch norm's γ, β and running statistics in {@code state} with random ones. γ is drawn
     * relative to √var so that each BN scales by 0.5–1.5 in magnitude (either sign): deep stacks neither
     * explode nor vanish, yet small variances still make ε matter.
     */
    public void randomiseBatchNorms(StateDict state) {
        for (StateDict.Entry e : state.layout()) {
            if (!e.name().endsWith(".running_var")) {
                continue;
            }
            String bn = e.name().substring(0, e.name().length() - ".running_var".length());
            int c = e.shape().dim(0);
            Tensor var = logUniform(c, 1e-3, 4);
            float[] gamma = new float[c];
            for (int i = 0; i < c; i++) {
                double scale = (0.5 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
                gamma[i] = (float) (scale * Math.sqrt(var.data()[i]));
            }
            state.set(bn + ".weight", Tensor.wrap(gamma, c));
            state.set(bn + ".bias", scaled(uniform(c), 0.5f));
            state.set(bn + ".running_mean", scaled(uniform(c), 0.5f));
            state.set(bn + ".running_var", var);
        }
    }

    private static Tensor scaled(Tensor t, float factor) {
        for (int i = 0; i < t.data().length; i++) {
            t.data()[i] *= factor;
        }
        return t;
    }
}
