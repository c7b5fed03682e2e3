package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;

/**
 * ReLU. Like torchvision, one module instance is applied several times within a block; each application is
 * its own graph node ({@code name}, {@code name:1}, …), and the last one carries the plain name.
 */
public final class Relu implements Module {
    private final String name;

    public Relu(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Applies the ReLU; {@code use} numbers the intermediate applications, −1 marks the final one. */
    public Graph.Node lower(Graph.Builder g, Graph.Node x, int use) {
        return g.add(use < 0 ? name : name + ":" + use, new Op.Relu(), x);
    }

    @Override
    public String describe() {
        return "ReLU(inplace=True)";
    }
}
