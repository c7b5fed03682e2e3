package io.resnet4j.backend.tornadovm;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.graph.rewrite.BatchNormFolding;
import io.resnet4j.graph.rewrite.Fusion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * Turns a graph into device steps once per compiled graph, from resnet-api's shared rewrites: the graph comes in with
 * batch norm already folded into its convolutions ({@link BatchNormFolding}), and {@link Fusion} says which nodes
 * run as one task — Conv→[Add]→[ReLU] as one conv task (residual and ReLU in its epilogue), BatchNorm→[ReLU] and
 * Add→[ReLU] as one task each. Flatten makes no task: it is recorded as an alias, since N×C×1×1 and N×C share a
 * layout.
 */
final class DevicePlanner {
    /**
     * The steps in execution order, and for each Flatten node the node whose buffer it shares. Steps name the
     * Flatten node itself as their input; buffers are resolved through {@code aliases}.
     */
    record Plan(List<DeviceStep> steps, Map<Integer, Integer> aliases) {}

    private DevicePlanner() {}

    /**
     * Plans {@code graph}, which should already have been through {@link BatchNormFolding#apply}, with
     * convolutions run by {@code convKernel} (their weights laid out for it).
     */
    static Plan plan(Graph graph, ConvKernel convKernel) {
        List<DeviceStep> steps = new ArrayList<>();
        Map<Integer, Integer> aliases = new HashMap<>();
        for (Fusion.Chain chain : Fusion.plan(graph)) {
            Node node = chain.head();
            if (chain.bn() != null) {
                // A chain holds a batch norm only where the graph was not folded first; its values would be lost.
                throw new IllegalStateException(chain.bn().name() + ": fold batch norms (BatchNormFolding.apply) "
                        + "before planning for the device");
            }
            int out = chain.last().id();
            boolean relu = chain.relu() != null;
            switch (node.op()) {
                case Op.Flatten _ -> aliases.put(node.id(), aliases.getOrDefault(in(node, 0), in(node, 0)));
                case Op.Conv2d conv -> steps.add(new DeviceStep.Conv(task(node, "conv"), in(node, 0),
                        chain.residual() == null ? -1 : chain.residual().id(), out,
                        FloatArray.fromArray(convKernel == ConvKernel.TILED ? conv.weight().data()
                                : CpuWeights.pack(conv.weight().data(), bias(conv), conv.outChannels(), conv.groups())),
                        FloatArray.fromArray(convKernel == ConvKernel.TILED ? bias(conv) : new float[1]),
                        relu, conv.kernel(), conv.stride(), conv.padding(), conv.dilation(), conv.groups(),
                        convKernel));
                case Op.BatchNorm bn -> {
                    float[][] scaleShift = BatchNormFolding.scaleShift(bn);
                    steps.add(new DeviceStep.ScaleShift(task(node, "batchnorm"), in(node, 0), out,
                            FloatArray.fromArray(scaleShift[0]), FloatArray.fromArray(scaleShift[1]), relu));
                }
                case Op.Add _ -> steps.add(new DeviceStep.Add(task(node, "add"), in(node, 0), in(node, 1), out, relu));
                case Op.Relu _ -> steps.add(new DeviceStep.Relu(task(node, "relu"), in(node, 0), out));
                case Op.MaxPool p -> steps.add(new DeviceStep.MaxPool(task(node, "maxpool"), in(node, 0), out,
                        p.kernel(), p.stride(), p.padding()));
                case Op.GlobalAvgPool _ -> steps.add(new DeviceStep.GlobalAvgPool(task(node, "avgpool"), in(node, 0),
                        out));
                case Op.Linear l -> steps.add(new DeviceStep.Linear(task(node, "linear"), in(node, 0), out,
                        FloatArray.fromArray(l.weight().data()), FloatArray.fromArray(l.bias().data())));
                case Op.Input _ -> throw new AssertionError("the input makes no chain");
            }
        }
        return new Plan(List.copyOf(steps), Map.copyOf(aliases));
    }

    private static float[] bias(Op.Conv2d conv) {
        return conv.bias() == null ? new float[conv.outChannels()] : conv.bias().data();
    }

    private static int in(Node node, int index) {
        return node.inputs().get(index).id();
    }

    /** TornadoVM task names: the node name and op with every character outside [A-Za-z0-9_] made '_'. */
    static String task(Node node, String op) {
        return (node.name() + "_" + op).replaceAll("[^A-Za-z0-9_]", "_");
    }
}
