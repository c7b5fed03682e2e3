package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;

/** Adaptive average pooling to 1×1, so any input size reaches the classifier (the article fixed 7×7). */
public final class AdaptiveAvgPool2d implements Module {
    private final String name;

    public AdaptiveAvgPool2d(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        return g.add(name, new Op.GlobalAvgPool(), x);
    }

    @Override
    public String describe() {
        return "AdaptiveAvgPool2d(output_size=(1, 1))";
    }
}
