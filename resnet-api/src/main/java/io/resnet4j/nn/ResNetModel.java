package io.resnet4j.nn;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.spec.ResNetSpec;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A ResNet: torchvision's module tree over a {@link StateDict}. Generated model classes extend this one; they
 * build the tree in their constructor (in torchvision's order, which fixes the state_dict order) and add typed
 * accessors for each stage.
 *
 * <p>Running: {@link #compile(Backend)} lowers the model to a {@link Graph} once, for repeated runs;
 * {@link #forward(Tensor)} is the one-shot convenience.
 */
public abstract class ResNetModel implements Module {
    /** Names of the intermediate results a caller may ask {@link CompiledGraph#run(Tensor, Collection)} for. */
    public static final String TAP_STEM = "stem";
    public static final String TAP_AVGPOOL = "avgpool";
    public static final String TAP_LOGITS = "logits";

    private final ResNetSpec spec;
    private final StateDict state;

    protected ResNetModel(ResNetSpec spec, StateDict state) {
        this.spec = spec.validate();
        this.state = state;
    }

    public final ResNetSpec spec() {
        return spec;
    }

    /** The weights, keyed and ordered like torchvision's {@code state_dict()}. */
    public final StateDict stateDict() {
        return state;
    }

    public abstract Conv2d conv1();

    public abstract BatchNorm2d bn1();

    public abstract Relu relu();

    public abstract MaxPool2d maxpool();

    /** {@code layer1} … {@code layerN} in order. */
    public abstract List<Stage<? extends Block>> stages();

    public abstract AdaptiveAvgPool2d avgpool();

    public abstract Linear fc();

    @Override
    public final String name() {
        return "";
    }

    @Override
    public String localName() {
        return spec.name();
    }

    @Override
    public String describe() {
        return spec.name();
    }

    @Override
    public List<? extends Module> children() {
        List<Module> c = new ArrayList<>(List.of(conv1(), bn1(), relu(), maxpool()));
        c.addAll(stages());
        c.add(avgpool());
        c.add(fc());
        return c;
    }

    @Override
    public String outputNode() {
        return fc().name();
    }

    /** Tap names in execution order: {@code stem}, {@code layer1} … {@code layerN}, {@code avgpool}, {@code logits}. */
    public final List<String> tapNames() {
        List<String> names = new ArrayList<>();
        names.add(TAP_STEM);
        for (Stage<? extends Block> s : stages()) {
            names.add(s.name());
        }
        names.add(TAP_AVGPOOL);
        names.add(TAP_LOGITS);
        return names;
    }

    /** Lowers the model, with its current weights, to a graph of ops. */
    public final Graph graph() {
        Graph.Builder g = Graph.builder(spec.inChannels());
        Graph.Node x = conv1().lower(g, g.input());
        x = relu().lower(g, bn1().lower(g, x), -1);
        x = g.tap(TAP_STEM, maxpool().lower(g, x));
        for (Stage<? extends Block> s : stages()) {
            x = g.tap(s.name(), s.lower(g, x));
        }
        x = g.tap(TAP_AVGPOOL, avgpool().lower(g, x));
        x = g.add("flatten", new Op.Flatten(), x);
        return g.build(g.tap(TAP_LOGITS, fc().lower(g, x)));
    }

    /** The logits' shape for an N×C×H×W input; throws naming the layer if the input is not acceptable. */
    public final Shape outputShape(Shape input) {
        return graph().outputShape(input);
    }

    public final long parameterCount() {
        return state.parameterCount();
    }

    /** Multiply-accumulates of the convolutions and the classifier for one pass over {@code input}. */
    public final long macs(Shape input) {
        return graph().macs(input);
    }

    /** A tree like PyTorch's {@code print(model)} with each module's output shape, parameters and MACs. */
    public final String summary(Shape input) {
        return summary(input, Integer.MAX_VALUE);
    }

    /**
     * As {@link #summary(Shape)}, with lines at most {@code maxWidth} characters: module descriptions too long for
     * the space the numbers leave are cut, ending in "…" (shapes and numbers are never cut).
     */
    public final String summary(Shape input, int maxWidth) {
        return new Summary(this, input, maxWidth).render();
    }

    /** Prepares this model for repeated runs on {@code backend}. Weights changed later are not seen. */
    public final CompiledGraph compile(Backend backend) {
        return backend.compile(graph());
    }

    /** Runs once on the backend chosen by {@link Backends#open()}. */
    public final Tensor forward(Tensor input) {
        try (Backend backend = Backends.open()) {
            return forward(input, backend);
        }
    }

    public final Tensor forward(Tensor input, Backend backend) {
        try (CompiledGraph compiled = compile(backend)) {
            return compiled.run(input);
        }
    }

    /** Runs once and returns the requested taps (see {@link #tapNames()}) plus {@code output}. */
    public final Map<String, Tensor> forward(Tensor input, Backend backend, Collection<String> taps) {
        try (CompiledGraph compiled = compile(backend)) {
            return compiled.run(input, taps);
        }
    }
}
