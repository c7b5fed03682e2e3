package io.resnet4j.backend.java;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.graph.rewrite.BatchNormFolding;
import io.resnet4j.graph.rewrite.Fusion;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a graph into steps, one per chain of the shared fusion plan ({@link Fusion}, the same one every backend
 * consumes): Conv→[BatchNorm]→[Add]→[ReLU] becomes one {@link ConvStep} (or {@link WinogradConvStep}) with the
 * batch norm folded into its only copy of the weights, BatchNorm→[ReLU] and Add→[ReLU] one {@link PointwiseStep}.
 * Beyond those chains, a conv whose only reader is a max pool runs with it as one {@link ConvPoolStep} (the stem),
 * and a conv whose only reader is another conv's residual add is summed into that conv's tiles
 * ({@link ConvStep#withAddend}: a bottleneck's projection shortcut).
 * The graph is not rewritten first: {@link BatchNormFolding#apply} would hold a folded copy of every weight beside
 * the model's while the steps pack their own.
 */
final class Planner {
    private final Kernels kernels;
    private final int threads;
    private final boolean winograd;
    private final boolean groupedDirect;

    private Planner(Kernels kernels, int threads, boolean winograd, boolean groupedDirect) {
        this.kernels = kernels;
        this.threads = threads;
        this.winograd = winograd;
        this.groupedDirect = groupedDirect;
    }

    /**
     * @param winograd      whether 3×3 stride-1 convs may use {@link WinogradConvStep}
     * @param groupedDirect whether grouped 3×3 stride-1 convs may use {@link GroupedConvStep}
     * @param pixelBlocks   whether values only 1×1 convs, residual adds and the average pool read are stored
     *                      pixel-blocked ({@link PixelBlocks})
     */
    static List<Step> plan(Graph graph, Kernels kernels, int threads, boolean winograd, boolean groupedDirect,
            boolean pixelBlocks) {
        Planner planner = new Planner(kernels, threads, winograd, groupedDirect);
        List<Step> steps = new ArrayList<>();
        for (Fusion.Chain chain : Fusion.plan(graph)) {
            Step step = planner.step(chain);
            if (step instanceof ConvStep conv && conv.canTakeAddend() && chain.add() != null
                    && Fusion.onlyReader(graph, chain.residual(), chain.add())) {
                int at = producer(steps, chain.residual().id());
                if (at >= 0 && steps.get(at) instanceof ConvStep other && other.canBeAddend()) {
                    steps.remove(at);
                    step = conv.withAddend(other);
                }
            }
            if (step instanceof MaxPoolStep pool && !steps.isEmpty() && steps.getLast() instanceof ConvStep conv
                    && conv.computesPixels() && pool.input() == conv.output()
                    && Fusion.onlyReader(graph, graph.nodes().get(conv.output()), chain.head())) {
                steps.set(steps.size() - 1, new ConvPoolStep(conv, pool, threads));
                continue;
            }
            steps.add(step);
        }
        return pixelBlocks
                ? PixelBlocks.assign(steps, graph.output().id(), graph.nodes().size(), PixelBlocks.width(kernels))
                : steps;
    }

    /** The index of the step that computes {@code node}, or −1. */
    private static int producer(List<Step> steps, int node) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).output() == node) {
                return i;
            }
        }
        return -1;
    }

    private Step step(Fusion.Chain chain) {
        Node node = chain.head();
        String label = label(chain);
        int out = chain.last().id();
        boolean relu = chain.relu() != null;
        return switch (node.op()) {
            case Op.Conv2d conv -> conv(chain, conv, label);
            case Op.BatchNorm bn -> {
                float[][] scaleShift = BatchNormFolding.scaleShift(bn);
                yield new PointwiseStep(label, in(node, 0), -1, out, scaleShift[0], scaleShift[1], relu, kernels);
            }
            case Op.Add _ -> PointwiseStep.add(label, in(node, 0), in(node, 1), out, relu, kernels);
            case Op.Relu _ -> PointwiseStep.relu(label, in(node, 0), out, kernels);
            case Op.MaxPool p -> new MaxPoolStep(label, in(node, 0), out, p.kernel(), p.stride(), p.padding(), kernels);
            case Op.GlobalAvgPool _ -> new AvgPoolStep(label, in(node, 0), out);
            case Op.Flatten _ -> new FlattenStep(label, in(node, 0), out);
            case Op.Linear l -> new LinearStep(label, in(node, 0), out, l.weight().data(), l.bias().data(), kernels);
            case Op.Input _ -> throw new AssertionError("the input makes no chain");
        };
    }

    private Step conv(Fusion.Chain chain, Op.Conv2d conv, String label) {
        Node node = chain.head();
        Op.BatchNorm bn = chain.bn() == null ? null : (Op.BatchNorm) chain.bn().op();
        int residual = chain.residual() == null ? -1 : chain.residual().id();
        boolean relu = chain.relu() != null;
        WeightPanels weights = WeightPanels.pack(conv, bn, kernels.tallestPanel(), ConvStep.sliceTaps(conv));
        if (groupedDirect && GroupedConvStep.applies(conv)) {
            return new GroupedConvStep(label, in(node, 0), residual, chain.last().id(), conv, weights, relu, kernels);
        }
        ConvStep direct = new ConvStep(label, in(node, 0), residual, chain.last().id(), weights, relu,
                new ColumnPacker(conv.kernel(), conv.stride(), conv.padding(), conv.dilation(), kernels), kernels, threads);
        if (!winograd || !WinogradConvStep.applies(conv)) {
            return direct;
        }
        return new WinogradConvStep(direct, conv, bn, in(node, 0), residual, chain.last().id(), relu, weights.bias(),
                kernels, threads);
    }

    /** The head's name and the last segment of each fused node's, e.g. {@code layer1.0.conv1+bn1+relu}. */
    private static String label(Fusion.Chain chain) {
        StringBuilder label = new StringBuilder(chain.head().name());
        for (Node n : new Node[] {chain.bn(), chain.add(), chain.relu()}) {
            if (n != null) {
                label.append('+').append(n.name().substring(n.name().lastIndexOf('.') + 1));
            }
        }
        return label.toString();
    }

    private static int in(Node node, int index) {
        return node.inputs().get(index).id();
    }
}
