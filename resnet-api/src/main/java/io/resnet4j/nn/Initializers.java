package io.resnet4j.nn;

/** The initial values of the seed article and of PyTorch's defaults. */
public final class Initializers {
    private Initializers() {}

    /** Conv weights out×in×k×k ~ N(0, √(2 / (k·k·out))): He init in fan-out mode, as in the article. */
    public static StateDict.Initializer heNormalFanOut() {
        return (shape, random) -> {
            double std = Math.sqrt(2.0 / ((double) shape.dim(2) * shape.dim(3) * shape.dim(0)));
            float[] v = new float[(int) shape.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() * std);
            }
            return v;
        };
    }

    public static StateDict.Initializer constant(float value) {
        return (shape, random) -> {
            float[] v = new float[(int) shape.size()];
            java.util.Arrays.fill(v, value);
            return v;
        };
    }

    /**
     * PyTorch's default for {@code nn.Linear}: weight and bias ~ U(−1/√fanIn, 1/√fanIn)
     * (kaiming_uniform with a = √5 reduces to that bound for the weight).
     */
    public static StateDict.Initializer uniformFanIn(int fanIn) {
        return (shape, random) -> {
            double bound = 1.0 / Math.sqrt(fanIn);
            float[] v = new float[(int) shape.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            return v;
        };
    }
}
