package io.resnet4j.backend.tornadovm;

import io.resnet4j.graph.Op;

/** Inference batch norm as per-channel scale and shift, computed in double like the Java backend. */
final class BatchNormFolding {
    private BatchNormFolding() {}

    /** Folds y = (conv − mean)·γ/√(var+ε) + β into each output channel's weights and bias, in place. */
    static void fold(Op.BatchNorm bn, float[] weight, float[] bias) {
        int cout = bias.length;
        int perChannel = weight.length / cout;
        for (int o = 0; o < cout; o++) {
            double s = scale(bn, o);
            for (int i = o * perChannel, end = i + perChannel; i < end; i++) {
                weight[i] = (float) (weight[i] * s);
            }
            bias[o] = (float) ((bias[o] - (double) bn.mean().data()[o]) * s + bn.beta().data()[o]);
        }
    }

    /** {scale, shift} with y = x·scale + shift. */
    static float[][] scaleShift(Op.BatchNorm bn) {
        int c = bn.channels();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = scale(bn, i);
            scale[i] = (float) s;
            shift[i] = (float) (bn.beta().data()[i] - bn.mean().data()[i] * s);
        }
        return new float[][] {scale, shift};
    }

    private static double scale(Op.BatchNorm bn, int c) {
        return bn.gamma().data()[c] / Math.sqrt((double) bn.var().data()[c] + bn.eps());
    }
}
