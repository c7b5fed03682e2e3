package io.resnet4j.backend.java;

import io.resnet4j.tensor.Shape;

/** One unit of a compiled plan: reads earlier nodes' values and writes the value of {@link #output()}. */
sealed interface Step permits ConvStep, ConvPoolStep, WinogradConvStep, GroupedConvStep, PointwiseStep, MaxPoolStep, AvgPoolStep, FlattenStep, LinearStep {

    /** Ids of the nodes this step reads. */
    int[] inputs();

    /** The inputs of a step reading {@code input} and, unless it is −1, a fused {@code residual}. */
    static int[] inputsOf(int input, int residual) {
        return residual < 0 ? new int[] {input} : new int[] {input, residual};
    }

    /** Id of the node whose value this step produces. */
    int output();

    /** What the step does, for profiles: the graph nodes it covers, e.g. {@code layer1.0.conv1+bn1+relu}. */
    String label();

    /** Floats of scratch space the step needs for these node shapes, shared by all steps of a run. */
    default long workspace(Shape[] shapes) {
        return 0;
    }

    /** The block width if the step stores its output pixel-blocked ({@link PixelBlocks}), else 0 (NCHW). */
    default int storedBlockWidth() {
        return 0;
    }

    /** Multiply-accumulates of the step for these node shapes, for profiles. */
    default long macs(Shape[] shapes) {
        return 0;
    }

    /** Runs the step; must not allocate anything of the data's size (the memory plan holds it all). */
    void execute(Values values, Parallel parallel);
}
