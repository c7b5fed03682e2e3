package io.resnet4j.backend.tornadovm;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * Turns a graph into device steps once per compiled graph. Conv→[BatchNorm]→[Add]→[ReLU] becomes one conv task
 * (batch norm folded into weights and bias, residual and ReLU in the epilogue); BatchNorm→ReLU and Add→ReLU become
 * one task. A node is fused away only if its single consumer is the next op of the chain and nobody can ask for
 * its value (it is neither a tap nor the output), so every visible value is still written to its own buffer.
 * Flatten makes no task: it is recorded as an alias, since N×C×1×1 and N×C share a layout.
 */
final class DevicePlanner {
    /**
     * The steps in execution order, and for each Flatten node the node whose buffer it shares. Steps name the
     * Flatten node itself as their input; buffers are resolved through {@code aliases}.
     */
    record Plan(List<DeviceStep> steps, Map<Integer, Integer> aliases) {}

    private final Graph graph;
    private final int[] consumers;
    private final Node[] consumer;
    private final Set<Integer> visible = new HashSet<>();
    private final Set<Integer> fused = new HashSet<>();

    private DevicePlanner(Graph graph) {
        this.graph = graph;
        int n = graph.nodes().size();
        consumers = new int[n];
        consumer = new Node[n];
        for (Node node : graph.nodes()) {
            for (Node in : node.inputs()) {
                consumers[in.id()]++;
                consumer[in.id()] = node;
            }
        }
        visible.add(graph.output().id());
        graph.taps().values().forEach(t -> visible.add(t.id()));
    }

    static Plan plan(Graph graph) {
        return new DevicePlanner(graph).plan();
    }

    private Plan plan() {
        List<DeviceStep> steps = new ArrayList<>();
        Map<Integer, Integer> aliases = new HashMap<>();
        // A fused chain runs where its last node stands, when every operand (e.g. the residual) has been computed.
        Map<Integer, DeviceStep> waiting = new HashMap<>();
        for (Node node : graph.nodes()) {
            DeviceStep ready = waiting.remove(node.id());
            if (ready != null) {
                steps.add(ready);
                continue;
            }
            if (fused.contains(node.id()) || node.op() instanceof Op.Input) {
                continue;
            }
            if (node.op() instanceof Op.Flatten) {
                aliases.put(node.id(), root(aliases, in(node, 0)));
                continue;
            }
            DeviceStep step = switch (node.op()) {
                case Op.Conv2d conv -> convChain(node, conv);
                case Op.BatchNorm bn -> batchNormChain(node, bn);
                case Op.Add _ -> addChain(node);
                case Op.Relu _ -> new DeviceStep.Relu(task(node, "relu"), in(node, 0), node.id());
                case Op.MaxPool p -> new DeviceStep.MaxPool(task(node, "maxpool"), in(node, 0), node.id(),
                        p.kernel(), p.stride(), p.padding());
                case Op.GlobalAvgPool _ -> new DeviceStep.GlobalAvgPool(task(node, "avgpool"), in(node, 0), node.id());
                case Op.Linear l -> new DeviceStep.Linear(task(node, "linear"), in(node, 0), node.id(),
                        FloatArray.fromArray(l.weight().data()), FloatArray.fromArray(l.bias().data()));
                case Op.Input _, Op.Flatten _ -> throw new AssertionError("handled above");
            };
            if (step.output() == node.id()) {
                steps.add(step);
            } else {
                waiting.put(step.output(), step);
            }
        }
        return new Plan(List.copyOf(steps), Map.copyOf(aliases));
    }

    private static int root(Map<Integer, Integer> aliases, int id) {
        return aliases.getOrDefault(id, id);
    }

    private DeviceStep.Conv convChain(Node node, Op.Conv2d conv) {
        int cout = conv.outChannels();
        float[] weight = conv.weight().data().clone();
        float[] bias = conv.bias() == null ? new float[cout] : conv.bias().data().clone();
        Node last = node;
        Node bn = claim(next(last, Op.BatchNorm.class));
        if (bn != null) {
            BatchNormFolding.fold((Op.BatchNorm) bn.op(), weight, bias);
            last = bn;
        }
        int residual = -1;
        Node add = claim(next(last, Op.Add.class));
        if (add != null) {
            Node other = add.inputs().get(0) == last ? add.inputs().get(1) : add.inputs().get(0);
            residual = other.id();
            last = add;
        }
        Node relu = claim(next(last, Op.Relu.class));
        if (relu != null) {
            last = relu;
        }
        return new DeviceStep.Conv(task(node, "conv"), in(node, 0), residual, last.id(), FloatArray.fromArray(weight),
                FloatArray.fromArray(bias), relu != null, conv.kernel(), conv.stride(), conv.padding(),
                conv.dilation(), conv.groups());
    }

    private DeviceStep.ScaleShift batchNormChain(Node node, Op.BatchNorm bn) {
        float[][] scaleShift = BatchNormFolding.scaleShift(bn);
        Node relu = claim(next(node, Op.Relu.class));
        return new DeviceStep.ScaleShift(task(node, "batchnorm"), in(node, 0), relu == null ? node.id() : relu.id(),
                FloatArray.fromArray(scaleShift[0]), FloatArray.fromArray(scaleShift[1]), relu != null);
    }

    private DeviceStep.Add addChain(Node node) {
        Node relu = claim(next(node, Op.Relu.class));
        return new DeviceStep.Add(task(node, "add"), in(node, 0), in(node, 1), relu == null ? node.id() : relu.id(),
                relu != null);
    }

    /** {@code node}'s consumer if it is of {@code type} and {@code node} may be fused into it, else null. */
    private Node next(Node node, Class<? extends Op> type) {
        if (consumers[node.id()] != 1 || visible.contains(node.id())) {
            return null;
        }
        Node c = consumer[node.id()];
        return type.isInstance(c.op()) && !fused.contains(c.id()) ? c : null;
    }

    private Node claim(Node node) {
        if (node != null) {
            fused.add(node.id());
        }
        return node;
    }

    private static int in(Node node, int index) {
        return node.inputs().get(index).id();
    }

    /** TornadoVM task names: the node name and op with every character outside [A-Za-z0-9_] made '_'. */
    static String task(Node node, String op) {
        return (node.name() + "_" + op).replaceAll("[^A-Za-z0-9_]", "_");
    }
}
