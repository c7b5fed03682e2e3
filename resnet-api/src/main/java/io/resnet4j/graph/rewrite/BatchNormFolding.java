package io.resnet4j.graph.rewrite;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * Inference batch norm folded into the convolution before it, as a graph rewrite any backend can consume:
 * Conv2d → BatchNorm becomes one Conv2d whose weights and bias carry y = (conv − mean)·γ/√(var+ε) + β, computed in
 * double per channel. A pair is folded only when the BatchNorm is the conv's single consumer and nobody can ask for
 * the conv's own value (it is neither a tap nor the output); the folded node keeps the conv's name and takes over
 * the BatchNorm's taps. Every other node is copied as it is, so the rewritten graph computes the same values.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {}

    /** The graph with every foldable Conv2d → BatchNorm pair folded; {@code graph} itself is not changed. */
    public static Graph apply(Graph graph) {
        Uses uses = Uses.of(graph);
        Graph.Builder b = Graph.builder(graph.inputChannels());
        Map<Integer, Node> now = new HashMap<>();
        now.put(graph.input().id(), b.input());
        Map<Integer, Op.Conv2d> pending = new HashMap<>(); // conv node id → conv awaiting its BN
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Op.Input) {
                continue;
            }
            if (n.op() instanceof Op.Conv2d conv && foldable(uses, n)) {
                pending.put(n.id(), conv);
                continue;
            }
            Op.Conv2d conv = n.inputs().isEmpty() ? null : pending.remove(n.inputs().getFirst().id());
            if (conv != null && n.op() instanceof Op.BatchNorm bn) {
                Node source = n.inputs().getFirst();
                now.put(n.id(), b.add(source.name(), fold(conv, bn), now.get(source.inputs().getFirst().id())));
                continue;
            }
            Node[] inputs = n.inputs().stream().map(i -> now.get(i.id())).toArray(Node[]::new);
            now.put(n.id(), b.add(n.name(), n.op(), inputs));
        }
        graph.taps().forEach((tap, node) -> b.tap(tap, now.get(node.id())));
        return b.build(now.get(graph.output().id()));
    }

    /** A conv whose only consumer is a BatchNorm and whose value nobody can ask for. */
    static boolean foldable(Uses uses, Node conv) {
        Node next = uses.single(conv);
        return next != null && next.op() instanceof Op.BatchNorm && !uses.visible(conv);
    }

    /** The conv with {@code bn} folded into its weights and bias. */
    public static Op.Conv2d fold(Op.Conv2d conv, Op.BatchNorm bn) {
        int cout = conv.outChannels();
        float[] weight = conv.weight().data().clone();
        float[] bias = conv.bias() == null ? new float[cout] : conv.bias().data().clone();
        int perChannel = weight.length / cout;
        for (int o = 0; o < cout; o++) {
            double s = scale(bn, o);
            for (int i = o * perChannel, end = i + perChannel; i < end; i++) {
                weight[i] = (float) (weight[i] * s);
            }
            bias[o] = foldedBias(bias[o], bn, o);
        }
        return new Op.Conv2d(Tensor.wrap(conv.weight().shape(), weight), Tensor.wrap(bias, cout),
                conv.stride(), conv.padding(), conv.dilation(), conv.groups());
    }

    /** A batch norm with no conv to fold into as {scale, shift} per channel: y = x·scale + shift. */
    public static float[][] scaleShift(Op.BatchNorm bn) {
        int c = bn.channels();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = scale(bn, i);
            scale[i] = (float) s;
            shift[i] = (float) (bn.beta().data()[i] - bn.mean().data()[i] * s);
        }
        return new float[][] {scale, shift};
    }

    /**
     * Channel {@code o}'s bias with {@code bn} folded in: {@code (bias − mean)·scale + β}, in double, rounded once.
     * Backends that fold while they pack their own weight layout use this and {@link #scale}, so every backend
     * folds to the same bits.
     */
    public static float foldedBias(float bias, Op.BatchNorm bn, int o) {
        return (float) ((bias - (double) bn.mean().data()[o]) * scale(bn, o) + bn.beta().data()[o]);
    }

    /** Channel {@code c}'s scale γ/√(var+ε), in double: a folded weight is {@code (float) (w · scale)}. */
    public static double scale(Op.BatchNorm bn, int c) {
        return bn.gamma().data()[c] / Math.sqrt((double) bn.var().data()[c] + bn.eps());
    }
}
