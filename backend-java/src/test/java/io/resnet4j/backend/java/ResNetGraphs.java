package io.resnet4j.backend.java;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Bottleneck ResNets (torchvision v1.5 layout) with random weights and non-trivial BN statistics, for the
 * end-to-end test and the timing program. Built straight from ops, so this module's tests need no model module.
 */
final class ResNetGraphs {
    private final SplittableRandom random;
    private final Graph.Builder g;
    private int counter;

    private ResNetGraphs(long seed, int inChannels) {
        this.random = new SplittableRandom(seed);
        this.g = Graph.builder(inChannels);
    }

    /** ResNet-50 is {@code bottleneck(seed, {3, 4, 6, 3}, 64, 1000)}. */
    static Graph bottleneck(long seed, int[] blocks, int width, int classes) {
        ResNetGraphs b = new ResNetGraphs(seed, 3);
        Node x = b.convBnRelu(b.g.input(), 3, width, 7, 2, 3, true);
        x = b.g.tap("stem", b.g.add("maxpool", new Op.MaxPool(3, 2, 1), x));
        int in = width;
        for (int stage = 0; stage < blocks.length; stage++) {
            int planes = width << stage;
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                x = b.block(x, in, planes, stride);
                in = planes * 4;
            }
            b.g.tap("layer" + (stage + 1), x);
        }
        x = b.g.tap("avgpool", b.g.add("avgpool", new Op.GlobalAvgPool(), x));
        x = b.g.add("flatten", new Op.Flatten(), x);
        Node fc = b.g.add("fc", new Op.Linear(b.tensor(0.01, classes, in), b.tensor(0.01, classes)), x);
        return b.g.build(b.g.tap("logits", fc));
    }

    private Node block(Node x, int in, int planes, int stride) {
        Node out = convBnRelu(x, in, planes, 1, 1, 0, true);
        out = convBnRelu(out, planes, planes, 3, stride, 1, true);
        out = convBnRelu(out, planes, planes * 4, 1, 1, 0, false);
        Node identity = in == planes * 4 && stride == 1 ? x : convBnRelu(x, in, planes * 4, 1, stride, 0, false);
        Node sum = g.add("add" + counter++, new Op.Add(), out, identity);
        return g.add("relu" + counter++, new Op.Relu(), sum);
    }

    private Node convBnRelu(Node x, int in, int out, int k, int stride, int pad, boolean relu) {
        int id = counter++;
        double std = Math.sqrt(2.0 / (in * k * k)); // He init keeps activations at a stable scale through depth
        Node c = g.add("conv" + id, new Op.Conv2d(tensor(std, out, in, k, k), null, stride, pad, 1, 1), x);
        Node bn = g.add("bn" + id, new Op.BatchNorm(positive(out, 0.5), tensor(0.1, out), tensor(0.1, out),
                positive(out, 0.5), 1e-5f), c);
        return relu ? g.add("relu" + id, new Op.Relu(), bn) : bn;
    }

    private Tensor tensor(double std, int... dims) {
        Tensor t = Tensor.zeros(dims);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((random.nextDouble() * 2 - 1) * std * Math.sqrt(3));
        }
        return t;
    }

    /** Values in [low, low + 1): BN scales and variances. */
    private Tensor positive(int n, double low) {
        Tensor t = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            t.data()[i] = (float) (low + random.nextDouble());
        }
        return t;
    }
}
