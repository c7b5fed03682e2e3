package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;

/**
 * An N×C×H×W input for the element-wise and pooling ops, with the seed of its values and parameters. With
 * {@code specials} the input holds NaN, ±∞ and ±0, batch norm's γ exact zeros, and linear weights special values.
 */
public record PlaneCase(int batch, int channels, int height, int width, boolean specials, long seed) {

    public Shape inputShape() {
        return Shape.of(batch, channels, height, width);
    }

    /** input → {@code op}. */
    public Example single(Op op) {
        RandomData data = new RandomData(seed);
        Graph.Builder g = Graph.builder(channels);
        Graph.Node out = g.add("op", op, g.input());
        return new Example(g.build(out), input(data));
    }

    /** The input, uniform in [−1, 1), with special values if the case has them. */
    public Tensor input(RandomData data) {
        Tensor x = data.uniform(inputShape());
        return specials ? data.withSpecialValues(x) : x;
    }

    /**
     * Batch norm with raw random statistics: γ ∈ [−2, 2), β and mean ∈ [−1, 1), var log-uniform in [1e-4, 10]
     * (small variances make ε change the result by up to 5 %).
     */
    public Example batchNorm() {
        RandomData data = new RandomData(seed);
        Op.BatchNorm bn = randomBatchNorm(data, channels, specials);
        Graph.Builder g = Graph.builder(channels);
        return new Example(g.build(g.add("bn", bn, g.input())), input(data));
    }

    static Op.BatchNorm randomBatchNorm(RandomData data, int channels) {
        return randomBatchNorm(data, channels, false);
    }

    /** With {@code zeros}, some γ are ±0: γ = 0 turns an infinite input into NaN (∞·0), as in PyTorch. */
    static Op.BatchNorm randomBatchNorm(RandomData data, int channels, boolean zeros) {
        Tensor gamma = data.uniform(channels);
        for (int i = 0; i < channels; i++) {
            gamma.data()[i] *= 2;
        }
        if (zeros) {
            data.withZeros(gamma);
        }
        return new Op.BatchNorm(gamma, data.uniform(channels), data.uniform(channels),
                data.logUniform(channels, 1e-4, 10), 1e-5f);
    }

    /** x + BN(x): the residual add, with operands that differ. */
    public Example add() {
        RandomData data = new RandomData(seed);
        Graph.Builder g = Graph.builder(channels);
        Graph.Node bn = g.add("bn", randomBatchNorm(data, channels, specials), g.input());
        return new Example(g.build(g.add("add", new Op.Add(), g.input(), bn)), input(data));
    }

    /** input → flatten → linear to {@code outFeatures}, weights uniform in [−1, 1). */
    public Example linear(int outFeatures) {
        RandomData data = new RandomData(seed);
        int in = channels * height * width;
        Graph.Builder g = Graph.builder(channels);
        Graph.Node flat = g.add("flatten", new Op.Flatten(), g.input());
        Tensor weight = data.uniform(outFeatures, in);
        if (specials) {
            data.withSpecialValues(weight);
        }
        Graph.Node fc = g.add("fc", new Op.Linear(weight, data.uniform(outFeatures)), flat);
        return new Example(g.build(fc), input(data));
    }
}
