package io.resnet4j.backend.java;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * The obviously correct interpreter the backend is checked against: every op straight from its definition, one
 * output element at a time, in double. Besides each value it tracks its magnitude, the sum of the absolute
 * values of every term that went into it, which bounds the rounding error any float implementation may make.
 */
final class Reference {

    /** A node's value and, per element, the Σ|term| that scales its permitted float error. */
    record Value(Shape shape, double[] value, double[] magnitude) {
        /** Throws an AssertionError naming the first element outside tolerance of {@code actual}. */
        void assertClose(Tensor actual, String what) {
            if (!actual.shape().equals(shape)) {
                throw new AssertionError(what + ": shape " + actual.shape() + ", expected " + shape);
            }
            float[] a = actual.data();
            for (int i = 0; i < value.length; i++) {
                double tolerance = 1e-5 * magnitude[i] + 1e-6;
                if (!(Math.abs(a[i] - value[i]) <= tolerance)) {
                    throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + value[i]
                            + " ± " + tolerance);
                }
            }
        }
    }

    private Reference() {}

    /** Every node's value for {@code input}, by node id. */
    static Map<Integer, Value> run(Graph graph, Tensor input) {
        Shape[] shapes = graph.inferShapes(input.shape());
        Map<Integer, Value> values = new HashMap<>();
        double[] x = new double[input.data().length];
        double[] mag = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = input.data()[i];
            mag[i] = Math.abs(x[i]);
        }
        values.put(0, new Value(input.shape(), x, mag));
        for (Node n : graph.nodes().subList(1, graph.nodes().size())) {
            Value in = values.get(n.inputs().getFirst().id());
            Shape out = shapes[n.id()];
            Value v = switch (n.op()) {
                case Op.Conv2d c -> conv(in, c, out);
                case Op.BatchNorm b -> batchNorm(in, b);
                case Op.Relu _ -> relu(in);
                case Op.MaxPool p -> maxPool(in, p, out);
                case Op.GlobalAvgPool _ -> avgPool(in, out);
                case Op.Flatten _ -> new Value(out, in.value, in.magnitude);
                case Op.Linear l -> linear(in, l, out);
                case Op.Add _ -> add(in, values.get(n.inputs().get(1).id()));
                case Op.Input _ -> throw new AssertionError("only the first node is an input");
            };
            values.put(n.id(), v);
        }
        return values;
    }

    static Value output(Graph graph, Tensor input) {
        return run(graph, input).get(graph.output().id());
    }

    private static Value conv(Value in, Op.Conv2d c, Shape out) {
        int n = in.shape.dim(0), cin = in.shape.dim(1), h = in.shape.dim(2), w = in.shape.dim(3);
        int cout = out.dim(1), oh = out.dim(2), ow = out.dim(3), k = c.kernel();
        int inPerGroup = cin / c.groups(), outPerGroup = cout / c.groups();
        float[] wt = c.weight().data();
        double[] y = new double[(int) out.size()];
        double[] m = new double[y.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                int group = o / outPerGroup;
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        double sum = c.bias() == null ? 0 : c.bias().data()[o];
                        double mag = Math.abs(sum);
                        for (int ci = 0; ci < inPerGroup; ci++) {
                            for (int kh = 0; kh < k; kh++) {
                                for (int kw = 0; kw < k; kw++) {
                                    int ih = r * c.stride() - c.padding() + kh * c.dilation();
                                    int iw = q * c.stride() - c.padding() + kw * c.dilation();
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                        continue;
                                    }
                                    int xi = ((b * cin + group * inPerGroup + ci) * h + ih) * w + iw;
                                    double term = wt[((o * inPerGroup + ci) * k + kh) * k + kw] * in.value[xi];
                                    sum += term;
                                    mag += Math.abs(term);
                                }
                            }
                        }
                        int yi = ((b * cout + o) * oh + r) * ow + q;
                        y[yi] = sum;
                        m[yi] = mag;
                    }
                }
            }
        }
        return new Value(out, y, m);
    }

    private static Value batchNorm(Value in, Op.BatchNorm bn) {
        int c = in.shape.dim(1), plane = in.shape.dim(2) * in.shape.dim(3);
        double[] y = new double[in.value.length];
        double[] m = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int ch = (i / plane) % c;
            double scale = bn.gamma().data()[ch] / Math.sqrt(bn.var().data()[ch] + (double) bn.eps());
            double mean = bn.mean().data()[ch], beta = bn.beta().data()[ch];
            y[i] = (in.value[i] - mean) * scale + beta;
            m[i] = Math.abs(scale) * (in.magnitude[i] + Math.abs(mean)) + Math.abs(beta);
        }
        return new Value(in.shape, y, m);
    }

    private static Value relu(Value in) {
        double[] y = new double[in.value.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(in.value[i], 0);
        }
        return new Value(in.shape, y, in.magnitude);
    }

    private static Value add(Value a, Value b) {
        double[] y = new double[a.value.length];
        double[] m = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = a.value[i] + b.value[i];
            m[i] = a.magnitude[i] + b.magnitude[i];
        }
        return new Value(a.shape, y, m);
    }

    private static Value maxPool(Value in, Op.MaxPool p, Shape out) {
        int planes = in.shape.dim(0) * in.shape.dim(1), h = in.shape.dim(2), w = in.shape.dim(3);
        int oh = out.dim(2), ow = out.dim(3);
        double[] y = new double[(int) out.size()];
        double[] m = new double[y.length];
        for (int pl = 0; pl < planes; pl++) {
            for (int r = 0; r < oh; r++) {
                for (int q = 0; q < ow; q++) {
                    double max = Double.NEGATIVE_INFINITY;
                    double mag = 0;
                    for (int i = 0; i < p.kernel(); i++) {
                        for (int j = 0; j < p.kernel(); j++) {
                            int ih = r * p.stride() - p.padding() + i, iw = q * p.stride() - p.padding() + j;
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                int xi = (pl * h + ih) * w + iw;
                                max = Math.max(max, in.value[xi]);
                                // the largest magnitude: a float max may pick a near-tie neighbour
                                mag = Math.max(mag, in.magnitude[xi]);
                            }
                        }
                    }
                    y[(pl * oh + r) * ow + q] = max;
                    m[(pl * oh + r) * ow + q] = mag;
                }
            }
        }
        return new Value(out, y, m);
    }

    private static Value avgPool(Value in, Shape out) {
        int plane = in.shape.dim(2) * in.shape.dim(3);
        double[] y = new double[(int) out.size()];
        double[] m = new double[y.length];
        for (int p = 0; p < y.length; p++) {
            for (int i = 0; i < plane; i++) {
                y[p] += in.value[p * plane + i] / plane;
                m[p] += in.magnitude[p * plane + i] / plane;
            }
        }
        return new Value(out, y, m);
    }

    private static Value linear(Value in, Op.Linear l, Shape out) {
        int n = in.shape.dim(0), features = in.shape.dim(1), outs = out.dim(1);
        float[] wt = l.weight().data();
        double[] y = new double[(int) out.size()];
        double[] m = new double[y.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < outs; o++) {
                double sum = l.bias().data()[o];
                double mag = Math.abs(sum);
                for (int i = 0; i < features; i++) {
                    double term = wt[o * features + i] * in.value[b * features + i];
                    sum += term;
                    mag += Math.abs(term);
                }
                y[b * outs + o] = sum;
                m[b * outs + o] = mag;
            }
        }
        return new Value(out, y, m);
    }
}
