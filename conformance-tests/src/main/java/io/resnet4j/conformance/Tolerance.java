package io.resnet4j.conformance;

import io.resnet4j.tensor.Tensor;
import java.util.Locale;

/**
 * The one place that says how close a backend must come to the {@link ReferenceInterpreter}.
 *
 * <p>Per output element: {@code |actual − reference| ≤ REL · Σ|w·a| + ABS}, where {@code Σ|w·a|} is the
 * magnitude bound the reference carries through the graph: for a conv or linear output the sum of the absolute
 * products (plus |bias|) over the bounds of its inputs; batch norm scales it by |γ/√(var+ε)| (and adds |mean|,
 * |β|, as a backend may fold BN into the weights); ReLU and max pool keep it (both are 1-Lipschitz, and under
 * rounding any window element may win); average pool averages it; add sums it. Because the bound of a layer is
 * built from the bounds (not values) of its inputs, the input errors the previous layers were allowed,
 * {@code REL · bound}, are carried forward by the same weights and never exceed {@code REL} times the new bound.
 */
public final class Tolerance {

    /**
     * Relative to {@code Σ|w·a|}. Float32's unit roundoff u is 2⁻²⁴ ≈ 6e-8. A float32 dot product of n terms
     * is off by at most n·u·Σ|w·a| (about 1.9e-4 for the largest generated conv, n = 64·7·7), and in practice,
     * with rounding errors of random sign, by about √n·u ≈ 3e-6; Winograd-style or blocked summation orders stay
     * well inside 1e-4, and so do depths of a few dozen layers because the bound grows at least as fast as the
     * error. A planted wrong index, stride or eps moves outputs by a fraction of their magnitude: 100× more.
     */
    public static final double REL = 1e-4;

    /**
     * Absolute floor, for outputs whose bound is (nearly) zero, e.g. an all-zero input region: covers flushing
     * subnormals to zero and a fused bias computed as β − mean·scale. Generated data are O(1), so no real bug
     * hides below it.
     */
    public static final double ABS = 1e-6;

    private Tolerance() {}

    /** The error allowed for an element whose magnitude bound is {@code magnitude}. */
    public static double allowed(double magnitude) {
        return REL * magnitude + ABS;
    }

    /**
     * Throws an {@link AssertionError} naming {@code what}, the worst element and how many are off when
     * {@code actual} differs from {@code expected} by more than the tolerance, or when its shape differs.
     */
    public static void requireClose(String what, Tensor actual, NodeValues expected) {
        if (actual == null) {
            throw new AssertionError(what + ": backend returned no tensor");
        }
        if (!actual.shape().equals(expected.shape())) {
            throw new AssertionError(what + ": shape " + actual.shape() + ", reference " + expected.shape());
        }
        float[] a = actual.data();
        int bad = 0, worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < a.length; i++) {
            double err = Math.abs(a[i] - expected.value()[i]);
            double ratio = err / allowed(expected.magnitude()[i]);
            if (!(ratio <= 1)) { // also catches NaN
                bad++;
                if (worst < 0 || !(ratio <= worstRatio)) {
                    worst = i;
                    worstRatio = ratio;
                }
            }
        }
        if (bad > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d of %d elements outside tolerance; worst at %s: got %.9g, reference %.9g, "
                            + "allowed ±%.3g (Σ|w·a| = %.4g)",
                    what, bad, a.length, index(expected, worst), a[worst], expected.value()[worst],
                    allowed(expected.magnitude()[worst]), expected.magnitude()[worst]));
        }
    }

    private static String index(NodeValues v, int flat) {
        int[] dims = v.shape().toArray();
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return java.util.Arrays.toString(idx);
    }
}
