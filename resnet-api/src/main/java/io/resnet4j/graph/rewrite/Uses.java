package io.resnet4j.graph.rewrite;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import java.util.HashSet;
import java.util.Set;

/** Who consumes each node, and which nodes callers can ask for (output, taps): what every rewrite must respect. */
final class Uses {
    private final int[] count;
    private final Node[] consumer;
    private final Set<Integer> visible = new HashSet<>();

    private Uses(Graph graph) {
        int n = graph.nodes().size();
        count = new int[n];
        consumer = new Node[n];
        for (Node node : graph.nodes()) {
            for (Node in : node.inputs()) {
                count[in.id()]++;
                consumer[in.id()] = node;
            }
        }
        visible.add(graph.output().id());
        graph.taps().values().forEach(t -> visible.add(t.id()));
    }

    static Uses of(Graph graph) {
        return new Uses(graph);
    }

    /** The node's only consumer, or null when it has none or several. */
    Node single(Node node) {
        return count[node.id()] == 1 ? consumer[node.id()] : null;
    }

    boolean visible(Node node) {
        return visible.contains(node.id());
    }
}
