package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;

/** The stem's 3×3 stride-2 max pool; {@code ceil_mode=False} as torchvision (the seed article used True). */
public final class MaxPool2d implements Module {
    private final String name;
    private final int kernel;
    private final int stride;
    private final int padding;

    public MaxPool2d(String name, int kernel, int stride, int padding) {
        this.name = name;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public String name() {
        return name;
    }

    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        return g.add(name, new Op.MaxPool(kernel, stride, padding), x);
    }

    @Override
    public String describe() {
        return "MaxPool2d(kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding
                + ", dilation=1, ceil_mode=False)";
    }
}
