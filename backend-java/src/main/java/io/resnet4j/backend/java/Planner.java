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
    private final int[] consumerCount;
    private final Node[] lastConsumer;
    private final Set<Integer> visible = new HashSet<>();
    /** Nodes already taken into a fused step; an Add fed by two convs must be fused into only one of them. */
    private final Set<Integer> fusedAway = new HashSet<>();

    private Planner(Graph graph, Kernels kernels) {
        this.graph = graph;
        this.kernels = kernels;
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

    static List<Step> plan(Graph graph, Kernels kernels) {
        return new Planner(graph, kernels).plan();
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
                case Op.Relu _ -> PointwiseStep.relu(in(node, 0), node.id(), kernels);
                case Op.MaxPool p -> new MaxPoolStep(in(node, 0), node.id(), p.kernel(), p.stride(), p.padding());
                case Op.GlobalAvgPool _ -> new AvgPoolStep(in(node, 0), node.id());
                case Op.Flatten _ -> new FlattenStep(in(node, 0), node.id());
                case Op.Linear l -> new LinearStep(in(node, 0), node.id(), l.weight().data().clone(),
                        l.bias().data().clone(), kernels);
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

    private ConvStep convChain(Node node, Op.Conv2d conv) {
        int cout = conv.outChannels();
        float[] weights = conv.weight().data().clone();
        float[] bias = conv.bias() == null ? new float[cout] : conv.bias().data().clone();
        Node last = node;

        Node bnNode = claim(nextIf(last, Op.BatchNorm.class));
        if (bnNode != null) {
            foldBatchNorm((Op.BatchNorm) bnNode.op(), weights, bias);
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
        return new ConvStep(in(node, 0), residual, last.id(), conv.groups(), weights, bias, reluNode != null,
                new ColumnPacker(conv.kernel(), conv.stride(), conv.padding(), conv.dilation()), kernels);
    }

    private PointwiseStep batchNormChain(Node node, Op.BatchNorm bn) {
        int c = bn.channels();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = bnScale(bn, i);
            scale[i] = (float) s;
            shift[i] = (float) (bn.beta().data()[i] - bn.mean().data()[i] * s);
        }
        Node relu = claim(nextIf(node, Op.Relu.class));
        int out = relu == null ? node.id() : relu.id();
        return new PointwiseStep(in(node, 0), -1, out, scale, shift, relu != null, kernels);
    }

    private PointwiseStep addChain(Node node) {
        Node relu = claim(nextIf(node, Op.Relu.class));
        int out = relu == null ? node.id() : relu.id();
        return PointwiseStep.add(in(node, 0), in(node, 1), out, relu != null, kernels);
    }

    /** Folds y = (conv − mean)·γ/√(var+ε) + β into the conv: each output channel's weights and bias scale. */
    private static void foldBatchNorm(Op.BatchNorm bn, float[] weights, float[] bias) {
        int cout = bias.length;
        int perChannel = weights.length / cout;
        for (int o = 0; o < cout; o++) {
            double s = bnScale(bn, o);
            for (int i = o * perChannel, end = i + perChannel; i < end; i++) {
                weights[i] = (float) (weights[i] * s);
            }
            bias[o] = (float) ((bias[o] - (double) bn.mean().data()[o]) * s + bn.beta().data()[o]);
        }
    }

    private static double bnScale(Op.BatchNorm bn, int c) {
        return bn.gamma().data()[c] / Math.sqrt((double) bn.var().data()[c] + bn.eps());
    }

    private static int in(Node node, int index) {
        return node.inputs().get(index).id();
    }

    /** The operand of {@code add} that is not {@code from} (they differ: {@code from} has a single consumer edge). */
    private static Node other(Node add, Node from) {
        return add.inputs().get(0) == from ? add.inputs().get(1) : add.inputs().get(0);
    }
}
