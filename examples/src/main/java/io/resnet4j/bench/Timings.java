package io.resnet4j.bench;

import java.util.Arrays;

/**
 * Order statistics of repeated runs, in seconds. Nearest-rank definitions, the same as
 * {@code tools/bench/torch_peer.py}: the median is the ⌊n/2⌋-th smallest (0-based; the upper median when n is
 * even) and p90 the ⌈0.9·n⌉-th smallest (1-based), i.e. the smallest run that at least 90% of the runs do not
 * exceed.
 */
public record Timings(double min, double median, double p90, int runs) {
    public Timings {
        if (runs < 1) {
            throw new IllegalArgumentException("no runs");
        }
    }

    public static Timings of(double[] seconds) {
        double[] s = seconds.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n == 0) {
            throw new IllegalArgumentException("no runs");
        }
        int p90Rank = (9 * n + 9) / 10; // ⌈9n/10⌉ in integers: 0.9 * n in doubles can round up past the rank
        return new Timings(s[0], s[n / 2], s[p90Rank - 1], n);
    }

    /** How far the slow tail is from the middle: 1.0 means every run in the top 90% took the median's time. */
    public double p90OverMedian() {
        return p90 / median;
    }

    /** Images per second at the median. */
    public double imagesPerSecond(int batch) {
        return batch / median;
    }
}
