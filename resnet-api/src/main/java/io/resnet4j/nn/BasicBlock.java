package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** ResNet-18/34's block: 3×3 (strided) → BN → ReLU → 3×3 → BN, plus the shortcut, then ReLU. */
public final class BasicBlock implements Block {
    private final String name;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Relu relu;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Downsample downsample;

    /**
     * @param projection whether the shortcut needs a 1×1 projection (stride ≠ 1 or inplanes ≠ planes)
     */
    public BasicBlock(StateDict state, String name, int inplanes, int planes, int stride, boolean projection,
            boolean zeroInitResidual) {
        this.name = name;
        this.conv1 = Conv2d.conv3x3(state, name + ".conv1", inplanes, planes, stride, 1, 1);
        this.bn1 = new BatchNorm2d(state, name + ".bn1", planes);
        this.relu = new Relu(name + ".relu");
        this.conv2 = Conv2d.conv3x3(state, name + ".conv2", planes, planes, 1, 1, 1);
        this.bn2 = new BatchNorm2d(state, name + ".bn2", planes, zeroInitResidual);
        this.downsample = projection ? new Downsample(state, name, inplanes, planes, stride) : null;
    }

    @Override
    public String name() {
        return name;
    }

    public Conv2d conv1() { return conv1; }
    public BatchNorm2d bn1() { return bn1; }
    public Relu relu() { return relu; }
    public Conv2d conv2() { return conv2; }
    public BatchNorm2d bn2() { return bn2; }

    @Override
    public Optional<Downsample> downsample() {
        return Optional.ofNullable(downsample);
    }

    @Override
    public BatchNorm2d lastBn() {
        return bn2;
    }

    @Override
    public int outChannels() {
        return conv2.outChannels();
    }

    @Override
    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        Graph.Node out = relu.lower(g, bn1.lower(g, conv1.lower(g, x)), 1);
        out = bn2.lower(g, conv2.lower(g, out));
        Graph.Node identity = downsample == null ? x : downsample.lower(g, x);
        return relu.lower(g, g.add(name + ".add", new Op.Add(), out, identity), -1);
    }

    @Override
    public String describe() {
        return "BasicBlock";
    }

    @Override
    public List<? extends Module> children() {
        List<Module> c = new ArrayList<>(List.of(conv1, bn1, relu, conv2, bn2));
        if (downsample != null) {
            c.add(downsample);
        }
        return c;
    }
}
