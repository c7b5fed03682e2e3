package io.resnet4j.graph;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole network as a list of ops in execution order: what a {@link io.resnet4j.backend.Backend} compiles.
 * Seeing the whole graph lets a backend plan buffers, fuse conv + BN + ReLU, or build one device task graph.
 *
 * <p>Graphs do not fix N, H or W: {@link #inferShapes(Shape)} resolves them for a given input.
 * Some nodes are named taps ({@code stem}, {@code layer1} … {@code avgpool}, {@code logits}) that a caller
 * may ask to see besides the output.
 */
public final class Graph {

    /** One op applied to earlier nodes. {@code id} is the node's index in {@link #nodes()}. */
    public record Node(int id, String name, Op op, List<Node> inputs) {
        @Override
        public String toString() {
            return "%" + id + " " + name + " = " + op.getClass().getSimpleName() + inputs.stream().map(n -> "%" + n.id).toList();
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }

    private final List<Node> nodes;
    private final Node output;
    private final Map<String, Node> taps;

    private Graph(List<Node> nodes, Node output, Map<String, Node> taps) {
        this.nodes = List.copyOf(nodes);
        this.output = output;
        this.taps = Collections.unmodifiableMap(new LinkedHashMap<>(taps));
    }

    public static Builder builder(int inputChannels) {
        return new Builder(inputChannels);
    }

    /** All nodes in execution order; the first is the {@link Op.Input}. */
    public List<Node> nodes() {
        return nodes;
    }

    public Node input() {
        return nodes.getFirst();
    }

    public Node output() {
        return output;
    }

    /** Named intermediate results, in execution order. */
    public Map<String, Node> taps() {
        return taps;
    }

    /**
     * The requested tap names, validated and without duplicates, in the order given; null means none. An unknown
     * name is a {@link ResNet4jException} listing the valid ones. Backends call this before doing any work.
     */
    public List<String> requireTaps(java.util.Collection<String> requested) {
        return requireTaps(requested, taps.keySet());
    }

    /** {@link #requireTaps(java.util.Collection)} against a set of tap names, for backends that keep only names. */
    public static List<String> requireTaps(java.util.Collection<String> requested, Set<String> valid) {
        if (requested == null) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        for (String t : requested) {
            if (!valid.contains(t)) {
                unknown.add(t);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ResNet4jException("unknown tap" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; valid taps: " + String.join(", ", valid));
        }
        return List.copyOf(new java.util.LinkedHashSet<>(requested));
    }

    public int inputChannels() {
        return ((Op.Input) input().op()).channels();
    }

    /**
     * The shape of every node for this input, indexed by node id. Throws a {@link ResNet4jException} naming the
     * first node that cannot accept its input: backends call this before doing any work.
     */
    public Shape[] inferShapes(Shape input) {
        Shape[] shapes = new Shape[nodes.size()];
        for (Node n : nodes) {
            List<Shape> in = n.inputs().isEmpty() ? List.of(input) : n.inputs().stream().map(i -> shapes[i.id()]).toList();
            shapes[n.id()] = n.op().outputShape(in, n.name());
        }
        return shapes;
    }

    public Shape outputShape(Shape input) {
        return inferShapes(input)[output.id()];
    }

    /** Multiply-accumulates of one run on this input. */
    public long macs(Shape input) {
        Shape[] shapes = inferShapes(input);
        long total = 0;
        for (Node n : nodes) {
            total += n.op().macs(n.inputs().stream().map(i -> shapes[i.id()]).toList(), shapes[n.id()]);
        }
        return total;
    }

    /** Builds a graph in execution order; nodes can only consume nodes built before them. */
    public static final class Builder {
        private final List<Node> nodes = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private final Map<String, Node> taps = new LinkedHashMap<>();

        private Builder(int inputChannels) {
            nodes.add(new Node(0, "input", new Op.Input(inputChannels), List.of()));
            names.add("input");
        }

        public Node input() {
            return nodes.getFirst();
        }

        /** Appends {@code op} applied to {@code inputs}; {@code name} must be unique in the graph. */
        public Node add(String name, Op op, Node... inputs) {
            if (!names.add(name)) {
                throw new IllegalArgumentException("duplicate node name " + name);
            }
            for (Node in : inputs) {
                if (in.id() >= nodes.size() || nodes.get(in.id()) != in) {
                    throw new IllegalArgumentException("node " + in + " is not part of this graph");
                }
            }
            int arity = op instanceof Op.Add ? 2 : 1;
            if (inputs.length != arity) {
                throw new IllegalArgumentException(name + ": " + op.getClass().getSimpleName() + " takes " + arity + " inputs");
            }
            Node n = new Node(nodes.size(), name, op, List.of(inputs));
            nodes.add(n);
            return n;
        }

        /** Names {@code node}'s result so callers can ask for it. */
        public Node tap(String tapName, Node node) {
            if (tapName.equals("output")) {
                throw new IllegalArgumentException("'output' is reserved for the graph's result");
            }
            if (taps.putIfAbsent(tapName, node) != null) {
                throw new IllegalArgumentException("duplicate tap " + tapName);
            }
            return node;
        }

        public Graph build(Node output) {
            return new Graph(nodes, output, taps);
        }
    }
}
