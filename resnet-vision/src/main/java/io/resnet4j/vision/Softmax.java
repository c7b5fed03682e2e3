package io.resnet4j.vision;

import java.util.stream.IntStream;

/** Softmax over one row of logits, and the indices of the largest values. */
final class Softmax {
    private Softmax() {}

    /** {@code exp(x - max) / sum} over {@code logits[from, from + n)}, summed in double, returned as float. */
    static float[] of(float[] logits, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double[] e = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(logits[from + i] - max);
            sum += e[i];
        }
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    /** The {@code k} indices of the largest values, largest first; equal values: lower index first. */
    static int[] topK(float[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted((a, b) -> {
                    int c = Float.compare(values[b], values[a]);
                    return c != 0 ? c : Integer.compare(a, b);
                })
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
