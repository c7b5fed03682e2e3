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
 *
 * <p><b>Special values.</b> Inputs (and weights where they can occur) hold NaN, +∞, −∞ and −0 in some tries, with
 * PyTorch's results as the reference (checked against torch 1.13, see {@link ReferenceInterpreter}). Where the
 * reference is not finite, the backend must give the same kind exactly: NaN for NaN (any payload or sign), +∞
 * for +∞, −∞ for −∞; no tolerance applies. Where the reference is finite, the backend must be finite and within
 * the bound above; a non-finite value carries a magnitude of 0 into later layers, because it is matched exactly.
 * Zeros compare equal whatever their sign: PyTorch keeps −0 through ReLU (relu(−0) = −0) and −0 + −0 = −0, but
 * its convolutions start from +0 and its max pool keeps the first of equal values, so the sign of a zero depends
 * on the code path even within torch, and no op of a graph can turn it into a different value.
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
            double ratio = errorRatio(a[i], expected.value()[i], expected.magnitude()[i]);
            if (!(ratio <= 1)) {
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
                            + "allowed %s (Σ|w·a| = %.4g)",
                    what, bad, a.length, index(expected, worst), a[worst], expected.value()[worst],
                    Double.isFinite(expected.value()[worst])
                            ? String.format(Locale.ROOT, "±%.3g", allowed(expected.magnitude()[worst]))
                            : "exactly the same kind of non-finite value",
                    expected.magnitude()[worst]));
        }
    }

    /**
     * The error of {@code actual} as a multiple of what is allowed: at most 1 passes. Infinite when a non-finite
     * reference is not matched in kind, or when a finite one is answered with a non-finite value; NaN never passes.
     */
    static double errorRatio(float actual, double reference, double magnitude) {
        if (!Double.isFinite(reference)) {
            return sameKind(actual, reference) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (!Float.isFinite(actual)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(actual - reference) / allowed(magnitude);
    }

    /** NaN for NaN, +∞ for +∞, −∞ for −∞. */
    static boolean sameKind(float actual, double reference) {
        return Double.isNaN(reference) ? Float.isNaN(actual) : actual == reference;
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
