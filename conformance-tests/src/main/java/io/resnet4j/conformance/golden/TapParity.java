package io.resnet4j.conformance.golden;

import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;

/**
 * How closely one tap of a backend matches torchvision, measured against the float64 reference.
 *
 * <p>Why against float64: resnet4j and torch both compute in float32, each with its own rounding; neither is
 * the truth, the float64 run is (to ~1e-16). Torch's float32 distance to it, {@code torchF32Err}, measures
 * how much float32 rounding this network accumulates up to this tap, for this input. The backend must be as
 * accurate as torch up to a small factor:
 *
 * <pre>  tol = max(RELATIVE_TO_TORCH · torchF32Err,  ROUNDING_FLOOR · maxAbs)</pre>
 *
 * <ul>
 *   <li>{@value #RELATIVE_TO_TORCH}× torch's error: another summation order (a plain running sum instead of
 *       torch's blocked, vectorised one; batch norm folded into the weights) gives another draw of the same
 *       rounding error; over all 98 taps the java backend measured 0.7–1.3× torch's, so 4× leaves 3× headroom.
 *       8× would be looser than needed: in a trial, 4× (not 8×) caught one channel's BN variance off by 0.1%
 *       deep in ResNet-50's layer3, and a batch-norm eps of 1e-6 instead of 1e-5 shows up at 50×.</li>
 *   <li>{@value #ROUNDING_FLOOR} · max|tap|: about 8 float32 ulps (2^-23 ≈ 1.2e-7) of the tap's largest value,
 *       for a tap where torch happens to round unusually well and 4× its error alone would be too strict.</li>
 * </ul>
 */
public record TapParity(String arch, String size, String tap, String shape, double maxAbs, double torchF32Err,
        double backendVsF64, double backendVsTorchF32) {

    public static final double RELATIVE_TO_TORCH = 4;
    public static final double ROUNDING_FLOOR = 1e-6;

    static TapParity measure(String arch, String size, String tap, Tensor backend, Npy.Doubles torchF32, Npy.Doubles f64) {
        String what = arch + " " + size + " tap '" + tap + "'";
        return new TapParity(arch, size, tap, backend.shape().toString(), maxAbs(f64.values()),
                maxAbsDiff(torchF32, f64, what + " (torch f32 vs f64)"),
                maxAbsDiff(f64, widen(backend), what), maxAbsDiff(torchF32, widen(backend), what));
    }

    public double tolerance() {
        return Math.max(RELATIVE_TO_TORCH * torchF32Err, ROUNDING_FLOOR * maxAbs);
    }

    public boolean passes() {
        return backendVsF64 <= tolerance();
    }

    /** The backend's error in units of torch's: around 1 means "as accurate as torch". */
    public double ratioToTorch() {
        return torchF32Err == 0 ? (backendVsF64 == 0 ? 0 : Double.POSITIVE_INFINITY) : backendVsF64 / torchF32Err;
    }

    private static Npy.Doubles widen(Tensor t) {
        double[] v = new double[t.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.data()[i];
        }
        return new Npy.Doubles(t.shape(), v);
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double maxAbsDiff(Npy.Doubles golden, Npy.Doubles other, String what) {
        if (!golden.shape().equals(other.shape())) {
            throw new AssertionError(what + ": shape " + other.shape() + " differs from golden " + golden.shape());
        }
        double max = 0;
        for (int i = 0; i < golden.values().length; i++) {
            max = Math.max(max, Math.abs(golden.values()[i] - other.values()[i]));
        }
        return max;
    }
}
