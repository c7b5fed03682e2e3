package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The obviously-correct reference every backend is compared with: one scalar loop per op, straight from the
 * definitions (PyTorch's semantics), accumulating in double. Alongside each value it computes the magnitude bound
 * {@code Σ|w·a|} that {@link Tolerance} turns into the allowed error.
 *
 * <p>Slow on purpose; clarity over speed. The op methods are protected so that tests can plant bugs in a copy.
 *
 * <p><b>Special values</b> follow IEEE arithmetic in this direct form, which is what PyTorch 1.13 gives (checked
 * with {@code torch.nn.functional} on CPU): ReLU keeps NaN and −0 and maps −∞ to 0; max pool propagates a NaN
 * anywhere in its window and pads with −∞ (padding never wins); add gives NaN for +∞ + −∞; a convolution or linear
 * output is NaN exactly when its receptive field holds a NaN or meets ∞·0 or +∞ + −∞, so a zero weight does not
 * hide a NaN input; batch norm with γ = 0 turns ±∞ into NaN; average pool of +∞ and −∞ is NaN. One case where
 * torch itself is not direct: its im2col convolution multiplies zero padding with the weights, so a non-finite
 * <em>weight</em> meeting padding gives NaN there; the contract therefore puts non-finite weights only into
 * unpadded convolutions and linear layers, where every rule agrees. A non-finite value gets magnitude 0 (see
 * {@link Tolerance}).
 */
public class ReferenceInterpreter {

    /** Every node's values, indexed by node id. */
    public record Evaluation(Graph graph, NodeValues[] nodes) {
        public NodeValues output() {
            return nodes[graph.output().id()];
        }

        public NodeValues tap(String name) {
            Graph.Node n = graph.taps().get(name);
            if (n == null) {
                throw new ResNet4jException("graph has no tap '" + name + "'; taps: " + graph.taps().keySet());
            }
            return nodes[n.id()];
        }
    }

    /** Runs {@code graph} like {@link io.resnet4j.backend.CompiledGraph#run}: the requested taps plus {@code output}. */
    public Map<String, Tensor> run(Graph graph, Tensor input, Collection<String> taps) {
        Evaluation e = evaluate(graph, input);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String t : taps) {
            out.put(t, e.tap(t).toTensor());
        }
        out.put("output", e.output().toTensor());
        return out;
    }

    /** Every node's values and magnitude bounds. Refuses a wrong-shaped input before computing anything. */
    public Evaluation evaluate(Graph graph, Tensor input) {
        graph.inferShapes(input.shape());
        NodeValues[] values = new NodeValues[graph.nodes().size()];
        for (Graph.Node n : graph.nodes()) {
            List<NodeValues> in = n.inputs().stream().map(i -> values[i.id()]).toList();
            values[n.id()] = exactWhereNotFinite(apply(n.op(), in.isEmpty() ? List.of(NodeValues.of(input)) : in));
        }
        return new Evaluation(graph, values);
    }

    /**
     * Non-finite values must be matched exactly, so they carry no error forward: their magnitude becomes 0. A
     * finite value computed from them (ReLU of −∞, a max over a window holding −∞) then keeps a finite bound.
     */
    static NodeValues exactWhereNotFinite(NodeValues v) {
        for (int i = 0; i < v.value().length; i++) {
            if (!Double.isFinite(v.value()[i])) {
                v.magnitude()[i] = 0;
            }
        }
        return v;
    }

    /**
     * Each tap's reference computed from the backend's own earlier taps: nodes are evaluated in order, and once a
     * tap's reference is taken, the backend's value for it (with magnitudes |value|, as for an input) replaces it
     * for everything after. The references then hold only the error of the layers since the previous tap, so the
     * tolerance stays tight at any depth. The output is judged the same way, keyed {@code "output"}.
     *
     * @param backend the backend's values of every tap in {@code graph} and of {@code "output"}
     */
    public Map<String, NodeValues> evaluateFromOwnTaps(Graph graph, Tensor input, Map<String, Tensor> backend) {
        graph.inferShapes(input.shape());
        Map<Integer, String> tapOf = new java.util.HashMap<>();
        graph.taps().forEach((name, node) -> tapOf.putIfAbsent(node.id(), name));
        NodeValues[] values = new NodeValues[graph.nodes().size()];
        Map<String, NodeValues> local = new LinkedHashMap<>();
        for (Graph.Node n : graph.nodes()) {
            List<NodeValues> in = n.inputs().stream().map(i -> values[i.id()]).toList();
            values[n.id()] = exactWhereNotFinite(apply(n.op(), in.isEmpty() ? List.of(NodeValues.of(input)) : in));
            String tap = tapOf.get(n.id());
            if (tap != null) {
                local.put(tap, values[n.id()]);
                values[n.id()] = NodeValues.of(backend.get(tap));
            }
        }
        local.put("output", tapOf.containsKey(graph.output().id())
                ? local.get(tapOf.get(graph.output().id())) : values[graph.output().id()]);
        return local;
    }

    protected NodeValues apply(Op op, List<NodeValues> in) {
        return switch (op) {
            case Op.Input i -> in.getFirst();
            case Op.Conv2d c -> conv2d(c, in.getFirst());
            case Op.BatchNorm b -> batchNorm(b, in.getFirst());
            case Op.Relu r -> relu(in.getFirst());
            case Op.MaxPool p -> maxPool(p, in.getFirst());
            case Op.GlobalAvgPool p -> globalAvgPool(in.getFirst());
            case Op.Flatten f -> flatten(in.getFirst());
            case Op.Linear l -> linear(l, in.getFirst());
            case Op.Add a -> add(in.get(0), in.get(1));
        };
    }

    protected NodeValues conv2d(Op.Conv2d op, NodeValues x) {
        Shape s = x.shape();
        int n = s.dim(0), c = s.dim(1), h = s.dim(2), w = s.dim(3);
        int k = op.kernel(), stride = op.stride(), pad = op.padding(), dil = op.dilation(), groups = op.groups();
        int oc = op.outChannels(), cinPerGroup = c / groups, coutPerGroup = oc / groups;
        int oh = outSize(h, k, stride, pad, dil), ow = outSize(w, k, stride, pad, dil);
        NodeValues y = NodeValues.zeros(Shape.of(n, oc, oh, ow));
        float[] wt = op.weight().data();
        float[] bias = op.bias() == null ? null : op.bias().data();
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < oc; o++) {
                int firstIn = (o / coutPerGroup) * cinPerGroup;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = bias == null ? 0 : bias[o];
                        double mag = bias == null ? 0 : Math.abs(bias[o]);
                        for (int ci = 0; ci < cinPerGroup; ci++) {
                            for (int ki = 0; ki < k; ki++) {
                                int row = i * stride - pad + ki * dil;
                                if (row < 0 || row >= h) {
                                    continue;
                                }
                                for (int kj = 0; kj < k; kj++) {
                                    int col = j * stride - pad + kj * dil;
                                    if (col < 0 || col >= w) {
                                        continue;
                                    }
                                    double weight = wt[((o * cinPerGroup + ci) * k + ki) * k + kj];
                                    int at = ((b * c + firstIn + ci) * h + row) * w + col;
                                    acc += weight * x.value()[at];
                                    mag += Math.abs(weight) * x.magnitude()[at];
                                }
                            }
                        }
                        int out = ((b * oc + o) * oh + i) * ow + j;
                        y.value()[out] = acc;
                        y.magnitude()[out] = mag;
                    }
                }
            }
        }
        return y;
    }

    protected NodeValues batchNorm(Op.BatchNorm op, NodeValues x) {
        Shape s = x.shape();
        int c = s.dim(1), plane = s.dim(2) * s.dim(3);
        NodeValues y = NodeValues.zeros(s);
        for (int idx = 0; idx < s.size(); idx++) {
            int ch = (idx / plane) % c;
            double scale = op.gamma().data()[ch] / Math.sqrt((double) op.var().data()[ch] + op.eps());
            double mean = op.mean().data()[ch], beta = op.beta().data()[ch];
            y.value()[idx] = (x.value()[idx] - mean) * scale + beta;
            // A backend may fold this into x·scale + (beta − mean·scale): bound both terms' magnitudes.
            y.magnitude()[idx] = Math.abs(scale) * (x.magnitude()[idx] + Math.abs(mean)) + Math.abs(beta);
        }
        return y;
    }

    protected NodeValues relu(NodeValues x) {
        NodeValues y = NodeValues.zeros(x.shape());
        for (int i = 0; i < x.value().length; i++) {
            double v = x.value()[i];
            y.value()[i] = v < 0 ? 0 : v; // PyTorch's clamp: NaN and −0 stay as they are
            y.magnitude()[i] = x.magnitude()[i];
        }
        return y;
    }

    protected NodeValues maxPool(Op.MaxPool op, NodeValues x) {
        Shape s = x.shape();
        int n = s.dim(0), c = s.dim(1), h = s.dim(2), w = s.dim(3);
        int k = op.kernel(), stride = op.stride(), pad = op.padding();
        int oh = outSize(h, k, stride, pad, 1), ow = outSize(w, k, stride, pad, 1);
        NodeValues y = NodeValues.zeros(Shape.of(n, c, oh, ow));
        for (int plane = 0; plane < n * c; plane++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY, mag = 0;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            int row = i * stride - pad + ki, col = j * stride - pad + kj;
                            if (row >= 0 && row < h && col >= 0 && col < w) {
                                int at = (plane * h + row) * w + col;
                                best = Math.max(best, x.value()[at]);
                                // Any window element may win under rounding, so the bound is the largest.
                                mag = Math.max(mag, x.magnitude()[at]);
                            }
                        }
                    }
                    int out = (plane * oh + i) * ow + j;
                    y.value()[out] = best;
                    y.magnitude()[out] = mag;
                }
            }
        }
        return y;
    }

    protected NodeValues globalAvgPool(NodeValues x) {
        Shape s = x.shape();
        int planes = s.dim(0) * s.dim(1), area = s.dim(2) * s.dim(3);
        NodeValues y = NodeValues.zeros(Shape.of(s.dim(0), s.dim(1), 1, 1));
        for (int p = 0; p < planes; p++) {
            double sum = 0, mag = 0;
            for (int i = 0; i < area; i++) {
                sum += x.value()[p * area + i];
                mag += x.magnitude()[p * area + i];
            }
            y.value()[p] = sum / area;
            y.magnitude()[p] = mag / area;
        }
        return y;
    }

    protected NodeValues flatten(NodeValues x) {
        Shape s = x.shape();
        return new NodeValues(Shape.of(s.dim(0), (int) (s.size() / s.dim(0))), x.value(), x.magnitude());
    }

    protected NodeValues linear(Op.Linear op, NodeValues x) {
        int n = x.shape().dim(0), in = op.weight().dim(1), out = op.weight().dim(0);
        float[] wt = op.weight().data(), bias = op.bias().data();
        NodeValues y = NodeValues.zeros(Shape.of(n, out));
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
                double acc = bias[o], mag = Math.abs(bias[o]);
                for (int i = 0; i < in; i++) {
                    double weight = wt[o * in + i];
                    acc += weight * x.value()[b * in + i];
                    mag += Math.abs(weight) * x.magnitude()[b * in + i];
                }
                y.value()[b * out + o] = acc;
                y.magnitude()[b * out + o] = mag;
            }
        }
        return y;
    }

    protected NodeValues add(NodeValues a, NodeValues b) {
        NodeValues y = NodeValues.zeros(a.shape());
        for (int i = 0; i < a.value().length; i++) {
            y.value()[i] = a.value()[i] + b.value()[i];
            y.magnitude()[i] = a.magnitude()[i] + b.magnitude()[i];
        }
        return y;
    }

    /** PyTorch's output length (floor mode); shapes were checked by {@link Graph#inferShapes} already. */
    private static int outSize(int in, int k, int stride, int pad, int dil) {
        return (in + 2 * pad - dil * (k - 1) - 1) / stride + 1;
    }
}
