package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;

/** Batch norm in inference mode, with torchvision's state: weight, bias, running statistics, counter. */
public final class BatchNorm2d implements Module {
    /** PyTorch's default epsilon. */
    public static final float EPS = 1e-5f;

    private final StateDict state;
    private final String name;
    private final int features;

    /** {@code zeroGamma} starts γ at 0 (torchvision's {@code zero_init_residual} for a block's last BN). */
    public BatchNorm2d(StateDict state, String name, int features, boolean zeroGamma) {
        this.state = state;
        this.name = name;
        this.features = features;
        Shape s = Shape.of(features);
        state.declare(name + ".weight", s, StateDict.Kind.PARAMETER, Initializers.constant(zeroGamma ? 0f : 1f));
        state.declare(name + ".bias", s, StateDict.Kind.PARAMETER, Initializers.constant(0f));
        state.declare(name + ".running_mean", s, StateDict.Kind.BUFFER, Initializers.constant(0f));
        state.declare(name + ".running_var", s, StateDict.Kind.BUFFER, Initializers.constant(1f));
        state.declareCounter(name + ".num_batches_tracked");
    }

    public BatchNorm2d(StateDict state, String name, int features) {
        this(state, name, features, false);
    }

    @Override
    public String name() {
        return name;
    }

    public int features() { return features; }
    public Tensor weight() { return state.tensor(name + ".weight"); }
    public Tensor bias() { return state.tensor(name + ".bias"); }
    public Tensor runningMean() { return state.tensor(name + ".running_mean"); }
    public Tensor runningVar() { return state.tensor(name + ".running_var"); }
    public long numBatchesTracked() { return state.counter(name + ".num_batches_tracked"); }

    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        return g.add(name, new Op.BatchNorm(weight(), bias(), runningMean(), runningVar(), EPS), x);
    }

    @Override
    public String describe() {
        return "BatchNorm2d(" + features + ", eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)";
    }
}
