package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import java.util.Optional;

/** A residual block: some conv-BN layers plus a shortcut, summed and passed through ReLU. */
public sealed interface Block extends Module permits BasicBlock, Bottleneck {
    /** The shortcut projection, present when the block changes stride or width. */
    Optional<Downsample> downsample();

    /** The BN whose γ {@code zero_init_residual} sets to 0. */
    BatchNorm2d lastBn();

    int outChannels();

    Graph.Node lower(Graph.Builder g, Graph.Node x);

    @Override
    default String outputNode() {
        return name() + ".relu";
    }
}
