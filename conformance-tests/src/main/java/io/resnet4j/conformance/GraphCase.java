package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A random DAG built with {@link Graph#builder}, not a ResNet: nodes with several consumers, adds of nodes far
 * apart (and of a node with itself), taps on any node (also on ones a planner would like to fuse away, and on
 * nodes the output does not depend on), and conv → BN chains whose conv also feeds something else, so that they
 * look fusable but are not. Only the shapes and choices are generated; weights and input come from the seed.
 *
 * @param steps        what each new node does, in order
 * @param head         whether global average pool, flatten and linear follow the last node
 * @param requestTaps  whether the run asks for every tap (taps exist in the graph either way)
 * @param specials     whether the input holds NaN, ±∞ and ±0
 */
public record GraphCase(int batch, int channels, int height, int width, List<Step> steps, boolean head,
        boolean requestTaps, boolean specials, long seed) {

    /** The kinds of step. {@code FORKED_CONV_BN} adds conv → BN plus a ReLU of the same conv, then their sum. */
    public enum Kind { CONV, STRIDED_CONV, BATCH_NORM, RELU, MAX_POOL, STRIDED_MAX_POOL, ADD, FORKED_CONV_BN }

    /**
     * One step. {@code from} picks the operand: most often the newest node (so chains form), otherwise any earlier
     * one (so nodes get several consumers); {@code other} picks an add's second operand among the nodes of the
     * same shape; {@code param} picks a conv's width and kernel; {@code tap} names the new node as a tap.
     */
    public record Step(Kind kind, int from, int other, int param, boolean tap) {}

    public GraphCase {
        steps = List.copyOf(steps);
    }

    private record Built(Graph.Node node, int channels, int scale) {}

    public Example example() {
        RandomData data = new RandomData(seed);
        Graph.Builder g = Graph.builder(channels);
        List<Built> nodes = new ArrayList<>();
        nodes.add(new Built(g.input(), channels, 1));
        for (Step s : steps) {
            Built a = s.from() % 3 != 0 ? nodes.getLast() : nodes.get(s.from() / 3 % nodes.size());
            String name = "n" + nodes.size();
            Built made = switch (s.kind()) {
                case CONV -> conv(g, data, name, a, 1 + s.param() % 2 * 2, 1, width(s.param(), a.channels()));
                case STRIDED_CONV -> conv(g, data, name, a, 3, 2, width(s.param(), a.channels()));
                case BATCH_NORM -> new Built(g.add(name, PlaneCase.randomBatchNorm(data, a.channels()), a.node()),
                        a.channels(), a.scale());
                case RELU -> new Built(g.add(name, new Op.Relu(), a.node()), a.channels(), a.scale());
                case MAX_POOL -> new Built(g.add(name, new Op.MaxPool(3, 1, 1), a.node()), a.channels(), a.scale());
                case STRIDED_MAX_POOL -> new Built(g.add(name, new Op.MaxPool(3, 2, 1), a.node()), a.channels(),
                        a.scale() * 2);
                case ADD -> {
                    List<Built> same = nodes.stream()
                            .filter(n -> n.channels() == a.channels() && n.scale() == a.scale()).toList();
                    yield new Built(g.add(name, new Op.Add(), a.node(), same.get(s.other() % same.size()).node()),
                            a.channels(), a.scale());
                }
                case FORKED_CONV_BN -> {
                    Built conv = conv(g, data, name + "_conv", a, 3, 1, a.channels());
                    Graph.Node bn = g.add(name + "_bn", PlaneCase.randomBatchNorm(data, a.channels()), conv.node());
                    Graph.Node relu = g.add(name + "_relu", new Op.Relu(), conv.node());
                    yield new Built(g.add(name, new Op.Add(), bn, relu), a.channels(), a.scale());
                }
            };
            if (s.tap()) {
                g.tap("tap_" + name, made.node());
            }
            nodes.add(made);
        }
        Graph.Node out = nodes.getLast().node();
        if (head) {
            int c = nodes.getLast().channels(), classes = 1 + (int) (seed & 7);
            Graph.Node flat = g.add("flatten", new Op.Flatten(), g.add("avgpool", new Op.GlobalAvgPool(), out));
            out = g.add("fc", new Op.Linear(data.uniform(classes, c), data.uniform(classes)), flat);
        }
        Tensor x = data.uniform(batch, channels, height, width);
        return new Example(g.build(out), specials ? data.withSpecialValues(x) : x);
    }

    /** The taps a run asks for. */
    public List<String> requestedTaps(Graph graph) {
        return requestTaps ? List.copyOf(graph.taps().keySet()) : List.of();
    }

    /** Same width as the input for even {@code param}, otherwise 1–16 channels. */
    private static int width(int param, int in) {
        return param % 2 == 0 ? in : 1 + param / 2 % 16;
    }

    /** A k×k conv ("same" padding) with weights scaled by 1/√fan-in, so values stay O(1) along chains. */
    private static Built conv(Graph.Builder g, RandomData data, String name, Built a, int k, int stride, int out) {
        Tensor w = data.uniform(out, a.channels(), k, k);
        float scale = (float) (1 / Math.sqrt(a.channels() * k * k));
        for (int i = 0; i < w.data().length; i++) {
            w.data()[i] *= scale;
        }
        Op.Conv2d op = new Op.Conv2d(w, data.coin() ? data.uniform(out) : null, stride, k / 2, 1, 1);
        return new Built(g.add(name, op, a.node()), out, a.scale() * stride);
    }

    @Override
    public String toString() {
        Example e = example();
        return "input " + e.input().shape().toCompactString() + (specials ? " with special values" : "")
                + ", seed " + seed + ", taps " + (requestTaps ? "requested" : "not requested") + ":\n    "
                + e.graph().nodes().stream().map(Object::toString).collect(Collectors.joining("\n    "))
                + "\n    taps " + e.graph().taps().entrySet().stream()
                        .map(t -> t.getKey() + "=%" + t.getValue().id()).collect(Collectors.joining(", "))
                + "\n    output %" + e.graph().output().id();
    }
}
