package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import java.util.List;

/** The shortcut projection: a strided 1×1 conv ({@code downsample.0}) and a BN ({@code downsample.1}). */
public final class Downsample implements Module {
    private final String name;
    private final Conv2d conv;
    private final BatchNorm2d bn;

    public Downsample(StateDict state, String blockName, int inChannels, int outChannels, int stride) {
        this.name = blockName + ".downsample";
        this.conv = Conv2d.conv1x1(state, name + ".0", inChannels, outChannels, stride);
        this.bn = new BatchNorm2d(state, name + ".1", outChannels);
    }

    @Override
    public String name() {
        return name;
    }

    public Conv2d conv() { return conv; }
    public BatchNorm2d bn() { return bn; }

    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        return bn.lower(g, conv.lower(g, x));
    }

    @Override
    public String describe() {
        return "Sequential";
    }

    @Override
    public List<? extends Module> children() {
        return List.of(conv, bn);
    }

    @Override
    public String outputNode() {
        return bn.name();
    }
}
