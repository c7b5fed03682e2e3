package io.resnet4j.graph;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;

/** Shape arithmetic shared by the ops (PyTorch's formulas, floor rounding). */
public final class Shapes {
    private Shapes() {}

    /** Output length of a convolution or pooling window along one axis; throws if the input is too small. */
    public static int convOut(int in, int kernel, int stride, int padding, int dilation, String node) {
        int span = dilation * (kernel - 1) + 1;
        int padded = in + 2 * padding;
        if (padded < span) {
            throw new ResNet4jException(node + ": input size " + in + " (padded " + padded
                    + ") is smaller than the kernel's span " + span);
        }
        return (padded - span) / stride + 1;
    }

    static Shape requireNchw(Shape s, String node) {
        if (s.rank() != 4) {
            throw new ResNet4jException(node + ": expects an N×C×H×W tensor, got " + s);
        }
        return s;
    }
}
