package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.spec.StridePlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ResNet-50's block: 1×1 reduce → 3×3 (grouped, dilated) → 1×1 expand, each followed by BN, ReLU between,
 * plus the shortcut, then ReLU. The stride sits on exactly one conv: the 3×3 (v1.5) or the first 1×1 (v1).
 */
public final class Bottleneck implements Block {
    public static final int EXPANSION = 4;

    private final String name;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;
    private final Relu relu;
    private final Downsample downsample;

    /**
     * @param width      channels of the 3×3: planes · widthPerGroup / 64 · groups
     * @param projection whether the shortcut needs a 1×1 projection
     */
    public Bottleneck(StateDict state, String name, int inplanes, int planes, int width, int stride, int groups,
            int dilation, StridePlacement placement, boolean projection, boolean zeroInitResidual) {
        this.name = name;
        int stride1 = placement == StridePlacement.ON_1X1 ? stride : 1;
        int stride3 = placement == StridePlacement.ON_3X3 ? stride : 1;
        this.conv1 = Conv2d.conv1x1(state, name + ".conv1", inplanes, width, stride1);
        this.bn1 = new BatchNorm2d(state, name + ".bn1", width);
        this.conv2 = Conv2d.conv3x3(state, name + ".conv2", width, width, stride3, groups, dilation);
        this.bn2 = new BatchNorm2d(state, name + ".bn2", width);
        this.conv3 = Conv2d.conv1x1(state, name + ".conv3", width, planes * EXPANSION, 1);
        this.bn3 = new BatchNorm2d(state, name + ".bn3", planes * EXPANSION, zeroInitResidual);
        this.relu = new Relu(name + ".relu");
        this.downsample = projection ? new Downsample(state, name, inplanes, planes * EXPANSION, stride) : null;
    }

    @Override
    public String name() {
        return name;
    }

    public Conv2d conv1() { return conv1; }
    public BatchNorm2d bn1() { return bn1; }
    public Conv2d conv2() { return conv2; }
    public BatchNorm2d bn2() { return bn2; }
    public Conv2d conv3() { return conv3; }
    public BatchNorm2d bn3() { return bn3; }
    public Relu relu() { return relu; }

    @Override
    public Optional<Downsample> downsample() {
        return Optional.ofNullable(downsample);
    }

    @Override
    public BatchNorm2d lastBn() {
        return bn3;
    }

    @Override
    public int outChannels() {
        return conv3.outChannels();
    }

    @Override
    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        Graph.Node out = relu.lower(g, bn1.lower(g, conv1.lower(g, x)), 1);
        out = relu.lower(g, bn2.lower(g, conv2.lower(g, out)), 2);
        out = bn3.lower(g, conv3.lower(g, out));
        Graph.Node identity = downsample == null ? x : downsample.lower(g, x);
        return relu.lower(g, g.add(name + ".add", new Op.Add(), out, identity), -1);
    }

    @Override
    public String describe() {
        return "Bottleneck";
    }

    @Override
    public List<? extends Module> children() {
        List<Module> c = new ArrayList<>(List.of(conv1, bn1, conv2, bn2, conv3, bn3, relu));
        if (downsample != null) {
            c.add(downsample);
        }
        return c;
    }
}
