package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Tensor;

/** A graph and an input for it: what one try runs on the backend and on the reference. */
public record Example(Graph graph, Tensor input) {}
