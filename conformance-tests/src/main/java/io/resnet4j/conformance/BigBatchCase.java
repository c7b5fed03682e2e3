package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.List;

/**
 * A big batch through two convolutions: a 3×3 "same" conv (groups 1 or 2) over the big input, BN, ReLU (tapped),
 * then a k×k conv with stride 1 or 2. The first conv has few outputs so that a try stays affordable: the size
 * that crosses thresholds is what it reads.
 */
public record BigBatchCase(int batch, int channels, int height, int width, int groups, int midChannels, int kernel,
        int stride, int outChannels, long seed) {

    public static final List<String> TAPS = List.of("relu1");

    public Shape inputShape() {
        return Shape.of(batch, channels, height, width);
    }

    public Example example() {
        RandomData data = new RandomData(seed);
        Graph.Builder g = Graph.builder(channels);
        Graph.Node conv1 = g.add("conv1", new Op.Conv2d(data.uniform(midChannels, channels / groups, 3, 3),
                data.uniform(midChannels), 1, 1, 1, groups), g.input());
        Graph.Node bn1 = g.add("bn1", PlaneCase.randomBatchNorm(data, midChannels), conv1);
        Graph.Node relu1 = g.tap("relu1", g.add("relu1", new Op.Relu(), bn1));
        Graph.Node conv2 = g.add("conv2", new Op.Conv2d(data.uniform(outChannels, midChannels, kernel, kernel), null,
                stride, kernel / 2, 1, 1), relu1);
        return new Example(g.build(conv2), data.uniform(inputShape()));
    }

    @Override
    public String toString() {
        return "input " + inputShape().toCompactString() + " → conv3×3(groups " + groups + ", " + midChannels
                + " out) → BN → ReLU → conv" + kernel + "×" + kernel + "/" + stride + "(" + outChannels + " out), seed "
                + seed;
    }
}
