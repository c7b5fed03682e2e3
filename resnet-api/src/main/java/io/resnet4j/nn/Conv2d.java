package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;

/** A bias-free square convolution, as every convolution of a torchvision ResNet is. */
public final class Conv2d implements Module {
    private final StateDict state;
    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;

    public Conv2d(StateDict state, String name, int inChannels, int outChannels, int kernel, int stride,
            int padding, int dilation, int groups) {
        this.state = state;
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        state.declare(name + ".weight", Shape.of(outChannels, inChannels / groups, kernel, kernel),
                StateDict.Kind.PARAMETER, Initializers.heNormalFanOut());
    }

    /** torchvision's {@code conv3x3}: padding equals dilation. */
    public static Conv2d conv3x3(StateDict state, String name, int in, int out, int stride, int groups, int dilation) {
        return new Conv2d(state, name, in, out, 3, stride, dilation, dilation, groups);
    }

    /** torchvision's {@code conv1x1}. */
    public static Conv2d conv1x1(StateDict state, String name, int in, int out, int stride) {
        return new Conv2d(state, name, in, out, 1, stride, 0, 1, 1);
    }

    @Override
    public String name() {
        return name;
    }

    public Tensor weight() {
        return state.tensor(name + ".weight");
    }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public int kernel() { return kernel; }
    public int stride() { return stride; }
    public int padding() { return padding; }
    public int dilation() { return dilation; }
    public int groups() { return groups; }

    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        return g.add(name, new Op.Conv2d(weight(), null, stride, padding, dilation, groups), x);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Conv2d(").append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=(").append(kernel).append(", ").append(kernel)
                .append("), stride=(").append(stride).append(", ").append(stride).append(')');
        if (padding != 0) {
            sb.append(", padding=(").append(padding).append(", ").append(padding).append(')');
        }
        if (dilation != 1) {
            sb.append(", dilation=(").append(dilation).append(", ").append(dilation).append(')');
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        return sb.append(", bias=False)").toString();
    }
}
