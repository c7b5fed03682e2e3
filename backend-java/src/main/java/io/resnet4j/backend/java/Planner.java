package io.resnet4j.backend.java;

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
 * Turns a graph into steps, fusing where the graph allows: Conv→[BatchNorm]→[Add]→[ReLU] becomes one
 * {@link ConvStep}, BatchNorm→ReLU and Add→ReLU become one {@link PointwiseStep}. A node is only fused away when
 * its single consumer is the next op of the chain and nobody can ask for its value (not a tap, not the output).
 * A fused step runs at the position of the last node it covers, when every operand (e.g. the residual) exists.
 */
final class Planner {
    private final Graph graph;
    private final Kernels kernels;
    private final int threads;
    private final boolean winograd;
    private final int[] consumerCount;
    private final Node[] lastConsumer;
    private final Set<Integer> visible = new HashSet<>();
    /** Nodes already taken into a fused step; an Add fed by two convs must be fused into only one of them. */
    private final Set<Integer> fusedAway = new HashSet<>();

    private Planner(Graph graph, Kernels kernels, int threads, boolean winograd) {
        this.graph = graph;
        this.kernels = kernels;
        this.threads = threads;
        this.winograd = winograd;
        int n = graph.nodes().size();
        this.consumerCount = new int[n];
        this.lastConsumer = new Node[n];
        for (Node node : graph.nodes()) {
            for (Node in : node.inputs()) {
                consumerCount[in.id()]++;
                lastConsumer[in.id()] = node;
            }
        }
        visible.add(graph.output().id());
        graph.taps().values().forEach(t -> visible.add(t.id()));
    }

    /** @param winograd whether 3×3 stride-1 convs may use {@link WinogradConvStep} */
    static List<Step> plan(Graph graph, Kernels kernels, int threads, boolean winograd) {
        return new Planner(graph, kernels, threads, winograd).plan();
    }

    private List<Step> plan() {
        List<Step> steps = new ArrayList<>();
        Map<Integer, Step> deferred = new HashMap<>();
        for (Node node : graph.nodes()) {
            Step ready = deferred.remove(node.id());
            if (ready != null) {
                steps.add(ready);
                continue;
            }
            // Nodes fused into an earlier step are skipped; that step runs at its chain's last node (above).
            if (fusedAway.contains(node.id()) || node.op() instanceof Op.Input) {
                continue;
            }
            Step step = switch (node.op()) {
                case Op.Conv2d conv -> convChain(node, conv);
                case Op.BatchNorm bn -> batchNormChain(node, bn);
                case Op.Add _ -> addChain(node);
                case Op.Relu _ -> PointwiseStep.relu(node.name(), in(node, 0), node.id(), kernels);
                case Op.MaxPool p -> new MaxPoolStep(node.name(), in(node, 0), node.id(), p.kernel(), p.stride(),
                        p.padding(), kernels);
                case Op.GlobalAvgPool _ -> new AvgPoolStep(node.name(), in(node, 0), node.id());
                case Op.Flatten _ -> new FlattenStep(node.name(), in(node, 0), node.id());
                case Op.Linear l -> new LinearStep(node.name(), in(node, 0), node.id(), l.weight().data(),
                        l.bias().data(), kernels);
                case Op.Input _ -> throw new AssertionError("handled above");
            };
            if (step.output() == node.id()) {
                steps.add(step);
            } else {
                deferred.put(step.output(), step);
            }
        }
        return steps;
    }

    /** The node's single consumer if {@code node} may be fused into it, else null. */
    private Node fusableConsumer(Node node) {
        return consumerCount[node.id()] == 1 && !visible.contains(node.id()) ? lastConsumer[node.id()] : null;
    }

    private Node nextIf(Node node, Class<? extends Op> type) {
        Node next = fusableConsumer(node);
        return next != null && type.isInstance(next.op()) && !fusedAway.contains(next.id()) ? next : null;
    }

    /** Marks {@code node} (if any) as fused into the step being built. */
    private Node claim(Node node) {
        if (node != null) {
            fusedAway.add(node.id());
        }
        return node;
    }

    private Step convChain(Node node, Op.Conv2d conv) {
        Node last = node;
        Node bnNode = claim(nextIf(last, Op.BatchNorm.class));
        if (bnNode != null) {
            last = bnNode;
        }
        int residual = -1;
        Node addNode = claim(nextIf(last, Op.Add.class));
        if (addNode != null) {
            residual = other(addNode, last).id();
            last = addNode;
        }
        Node reluNode = claim(nextIf(last, Op.Relu.class));
        if (reluNode != null) {
            last = reluNode;
        }
        WeightPanels weights = WeightPanels.pack(conv, bnNode == null ? null : (Op.BatchNorm) bnNode.op(),
                kernels.tallestPanel());
        Op.BatchNorm bn = bnNode == null ? null : (Op.BatchNorm) bnNode.op();
        ConvStep direct = new ConvStep(label(node, bnNode, addNode, reluNode), in(node, 0), residual, last.id(),
                weights, reluNode != null,
                new ColumnPacker(conv.kernel(), conv.stride(), conv.padding(), conv.dilation(), kernels), kernels, threads);
        if (!winograd || !WinogradConvStep.applies(conv)) {
            return direct;
        }
        return new WinogradConvStep(direct, conv, bn, in(node, 0), residual, last.id(), reluNode != null,
                weights.bias(), kernels, threads);
    }

    private PointwiseStep batchNormChain(Node node, Op.BatchNorm bn) {
        int c = bn.channels();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = bn.gamma().data()[i] / Math.sqrt((double) bn.var().data()[i] + bn.eps());
            scale[i] = (float) s;
            shift[i] = (float) (bn.beta().data()[i] - bn.mean().data()[i] * s);
        }
        Node relu = claim(nextIf(node, Op.Relu.class));
        int out = relu == null ? node.id() : relu.id();
        return new PointwiseStep(label(node, relu), in(node, 0), -1, out, scale, shift, relu != null, kernels);
    }

    private PointwiseStep addChain(Node node) {
        Node relu = claim(nextIf(node, Op.Relu.class));
        int out = relu == null ? node.id() : relu.id();
        return PointwiseStep.add(label(node, relu), in(node, 0), in(node, 1), out, relu != null, kernels);
    }

    /** The first node's name and the last segment of each fused node's, e.g. {@code layer1.0.conv1+bn1+relu}. */
    private static String label(Node first, Node... fused) {
        StringBuilder label = new StringBuilder(first.name());
        for (Node n : fused) {
            if (n != null) {
                label.append('+').append(n.name().substring(n.name().lastIndexOf('.') + 1));
            }
        }
        return label.toString();
    }

    private static int in(Node node, int index) {
        return node.inputs().get(index).id();
    }

    /** The operand of {@code add} that is not {@code from} (they differ: {@code from} has a single consumer edge). */
    private static Node other(Node add, Node from) {
        return add.inputs().get(0) == from ? add.inputs().get(1) : add.inputs().get(0);
    }
}
