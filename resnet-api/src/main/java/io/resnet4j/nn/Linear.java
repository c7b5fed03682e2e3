package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;

/** The classifier: y = x·Wᵀ + b. */
public final class Linear implements Module {
    private final StateDict state;
    private final String name;
    private final int inFeatures;
    private final int outFeatures;

    public Linear(StateDict state, String name, int inFeatures, int outFeatures) {
        this.state = state;
        this.name = name;
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        state.declare(name + ".weight", Shape.of(outFeatures, inFeatures), StateDict.Kind.PARAMETER,
                Initializers.uniformFanIn(inFeatures));
        state.declare(name + ".bias", Shape.of(outFeatures), StateDict.Kind.PARAMETER,
                Initializers.uniformFanIn(inFeatures));
    }

    @Override
    public String name() {
        return name;
    }

    public int inFeatures() { return inFeatures; }
    public int outFeatures() { return outFeatures; }
    public Tensor weight() { return state.tensor(name + ".weight"); }
    public Tensor bias() { return state.tensor(name + ".bias"); }

    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        return g.add(name, new Op.Linear(weight(), bias()), x);
    }

    @Override
    public String describe() {
        return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=True)";
    }
}
