package io.resnet4j.graph.rewrite;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes a backend may run as one kernel: Conv2d → [BatchNorm] → [Add] → [ReLU] (batch norm folded into the
 * weights, the residual add and ReLU in the conv's epilogue), BatchNorm → [ReLU] and Add → [ReLU]. A backend may
 * run {@link BatchNormFolding} first, so that no chain holds a batch norm (its folded conv stands in the graph), or
 * fold each chain's batch norm itself while it packs the weights, keeping one copy of them (the java backend). A
 * node joins its producer's chain only when it is the producer's single consumer and nobody can ask for the
 * producer's value (neither a tap nor the output), so every visible value is still computed on its own: the
 * conditions under which {@link BatchNormFolding} folds. Every other node is a chain of one.
 */
public final class Fusion {
    /**
     * One kernel's worth of nodes.
     *
     * @param head     the first node (its op decides the kernel)
     * @param bn       the BatchNorm after a Conv2d head, to fold into its weights, or null
     * @param add      the fused residual Add, or null
     * @param residual the Add's other operand, or null
     * @param relu     the fused ReLU, or null
     * @param last     the node whose value the chain computes
     */
    public record Chain(Node head, Node bn, Node add, Node residual, Node relu, Node last) {
        static Chain of(Node node) {
            return new Chain(node, null, null, null, null, node);
        }
    }

    private Fusion() {}

    /**
     * Whether {@code consumer} is the only reader of {@code producer}'s value and nobody can ask for that value
     * (neither a tap nor the output): the condition under which a backend may run the two as one kernel beyond
     * the chains of {@link #plan} (the java backend's conv and max pool).
     */
    public static boolean onlyReader(Graph graph, Node producer, Node consumer) {
        Uses uses = Uses.of(graph);
        return !uses.visible(producer) && uses.single(producer) == consumer;
    }

    /**
     * The graph's chains in an order that runs: each where its last node stands, so that every operand (a residual
     * computed later than the head, say) is ready. The input node makes no chain.
     */
    public static List<Chain> plan(Graph graph) {
        Uses uses = Uses.of(graph);
        Set<Integer> fused = new HashSet<>();
        Map<Integer, Chain> waiting = new HashMap<>();
        List<Chain> chains = new ArrayList<>();
        for (Node node : graph.nodes()) {
            Chain ready = waiting.remove(node.id());
            if (ready != null) {
                chains.add(ready);
                continue;
            }
            if (fused.contains(node.id()) || node.op() instanceof Op.Input) {
                continue;
            }
            Chain chain = switch (node.op()) {
                case Op.Conv2d _ -> extend(uses, fused, node, true);
                case Op.BatchNorm _, Op.Add _ -> extend(uses, fused, node, false);
                default -> Chain.of(node);
            };
            if (chain.last() == node) {
                chains.add(chain);
            } else {
                waiting.put(chain.last().id(), chain);
            }
        }
        return List.copyOf(chains);
    }

    private static Chain extend(Uses uses, Set<Integer> fused, Node head, boolean isConv) {
        Node last = head;
        Node bn = isConv ? next(uses, fused, last, Op.BatchNorm.class) : null;
        if (bn != null) {
            last = bn;
        }
        Node add = isConv ? next(uses, fused, last, Op.Add.class) : null;
        Node residual = null;
        if (add != null) {
            residual = add.inputs().get(0) == last ? add.inputs().get(1) : add.inputs().get(0);
            last = add;
        }
        Node relu = next(uses, fused, last, Op.Relu.class);
        if (relu != null) {
            last = relu;
        }
        return new Chain(head, bn, add, residual, relu, last);
    }

    /** {@code node}'s consumer if it is of {@code type} and may be fused into {@code node}'s chain, else null. */
    private static Node next(Uses uses, Set<Integer> fused, Node node, Class<? extends Op> type) {
        Node c = uses.visible(node) ? null : uses.single(node);
        if (c == null || !type.isInstance(c.op()) || fused.contains(c.id())) {
            return null;
        }
        fused.add(c.id());
        return c;
    }
}
