package io.resnet4j.backend.java;

/**
 * Element-wise ops that were not fused into a conv: batch norm (per-channel scale and shift), residual add and
 * ReLU, in any of the combinations BN→ReLU, Add→ReLU, or alone.
 */
final class PointwiseStep implements Step {
    /** Below this many elements per task, handing work to another thread costs more than it saves. */
    private static final int MIN_ELEMENTS_PER_TASK = 16_384;

    private final String label;
    private final int input;
    private final int residual;
    private final int output;
    private final float[] scale;
    private final float[] shift;
    private final boolean relu;
    private final Kernels kernels;
    /** Elements {@code [from, to)}, no per-channel affine: made once, so that a run allocates no task. */
    private final Parallel.RangeTask<Values> elements = this::elements;
    /** Planes {@code [from, to)}, each with its channel's scale and shift. */
    private final Parallel.RangeTask<Values> planes = this::planes;

    /**
     * @param scale    per-channel factor (NCHW input), or null for none
     * @param shift    per-channel offset, null exactly when {@code scale} is
     * @param residual the node added element-wise, or −1
     */
    PointwiseStep(String label, int input, int residual, int output, float[] scale, float[] shift, boolean relu,
            Kernels kernels) {
        this.label = label;
        this.input = input;
        this.residual = residual;
        this.output = output;
        this.scale = scale;
        this.shift = shift;
        this.relu = relu;
        this.kernels = kernels;
    }

    static PointwiseStep relu(String label, int input, int output, Kernels kernels) {
        return new PointwiseStep(label, input, -1, output, null, null, true, kernels);
    }

    static PointwiseStep add(String label, int left, int right, int output, boolean relu, Kernels kernels) {
        return new PointwiseStep(label, left, right, output, null, null, relu, kernels);
    }

    @Override
    public int[] inputs() {
        return Step.inputsOf(input, residual);
    }

    @Override
    public int output() {
        return output;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void execute(Values values, Parallel parallel) {
        var shape = values.shape(output);
        if (scale == null) {
            parallel.forRanges((int) shape.size(), MIN_ELEMENTS_PER_TASK, values, elements);
        } else {
            int plane = shape.dim(2) * shape.dim(3);
            parallel.forRanges(shape.dim(0) * shape.dim(1), Math.max(1, MIN_ELEMENTS_PER_TASK / Math.max(1, plane)),
                    values, planes);
        }
    }

    private void elements(Values values, int from, int to) {
        float[] res = values.arrayOrNull(residual);
        int ro = residual < 0 ? 0 : values.offset(residual);
        kernels.affine(values.array(input), values.offset(input) + from, 1f, 0f, res, ro + from, relu,
                values.array(output), values.offset(output) + from, to - from);
    }

    private void planes(Values values, int from, int to) {
        float[] x = values.array(input);
        int xo = values.offset(input);
        float[] res = values.arrayOrNull(residual);
        int ro = residual < 0 ? 0 : values.offset(residual);
        float[] y = values.array(output);
        int yo = values.offset(output);
        var shape = values.shape(output);
        int channels = shape.dim(1);
        int plane = shape.dim(2) * shape.dim(3);
        for (int p = from; p < to; p++) {
            int c = p % channels;
            kernels.affine(x, xo + p * plane, scale[c], shift[c], res, ro + p * plane, relu, y, yo + p * plane, plane);
        }
    }
}
