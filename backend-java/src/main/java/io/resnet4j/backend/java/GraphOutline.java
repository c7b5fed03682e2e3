package io.resnet4j.backend.java;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a compiled graph keeps of its {@link Graph}: the wiring, the tap names and each node's shape rule, but not
 * the convolutions' weights. The steps hold their own folded copies, so once the caller drops the model the
 * original weights can be collected: the weights are held once, not twice.
 */
final class GraphOutline {
    /** A node's output shape from its inputs' shapes, with the op's own checks and messages. */
    private interface ShapeRule {
        Shape apply(List<Shape> inputs, String node);
    }

    private final String[] names;
    private final int[][] inputs;
    private final ShapeRule[] rules;
    private final Map<String, Integer> taps = new LinkedHashMap<>();
    private final int output;

    GraphOutline(Graph graph) {
        int n = graph.nodes().size();
        names = new String[n];
        inputs = new int[n][];
        rules = new ShapeRule[n];
        for (Graph.Node node : graph.nodes()) {
            names[node.id()] = node.name();
            inputs[node.id()] = node.inputs().stream().mapToInt(Graph.Node::id).toArray();
            rules[node.id()] = switch (node.op()) {
                case Op.Conv2d conv -> {
                    Op.Conv2d.Geometry geometry = conv.geometry();
                    yield (in, name) -> geometry.outputShape(in.getFirst(), name);
                }
                // Linear's weight is shared with its step, not copied; the other ops hold no weights worth dropping.
                default -> node.op()::outputShape;
            };
        }
        graph.taps().forEach((name, node) -> taps.put(name, node.id()));
        output = graph.output().id();
    }

    int output() {
        return output;
    }

    int tap(String name) {
        return taps.get(name);
    }

    List<String> requireTaps(Collection<String> requested) {
        return Graph.requireTaps(requested, taps.keySet());
    }

    /** Every node's shape for this input; throws naming the first node that cannot accept its input. */
    Shape[] inferShapes(Shape input) {
        Shape[] shapes = new Shape[names.length];
        for (int id = 0; id < names.length; id++) {
            int[] in = inputs[id];
            List<Shape> inShapes = in.length == 0 ? List.of(input)
                    : java.util.Arrays.stream(in).mapToObj(i -> shapes[i]).toList();
            shapes[id] = rules[id].apply(inShapes, names[id]);
        }
        return shapes;
    }
}
