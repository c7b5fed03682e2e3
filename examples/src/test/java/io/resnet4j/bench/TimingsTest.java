package io.resnet4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Timings against the definitions themselves, computed by counting rather than by indexing a sorted copy. */
class TimingsTest {
    /** The smallest sample x such that at least need(n) samples are ≤ x. */
    private static double smallestCovering(double[] samples, java.util.function.IntPredicate enough) {
        double best = Double.POSITIVE_INFINITY;
        for (double candidate : samples) {
            int covered = 0;
            for (double v : samples) {
                if (v <= candidate) {
                    covered++;
                }
            }
            if (enough.test(covered)) {
                best = Math.min(best, candidate);
            }
        }
        return best;
    }

    @Test
    void matchesTheNearestRankDefinitionsOnRandomSamplesWithTies() {
        Random random = new Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + random.nextInt(60);
            double[] samples = new double[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values, so that ties are common.
                samples[i] = random.nextInt(1 + random.nextInt(20)) * 0.25;
            }
            double[] before = samples.clone();
            Timings t = Timings.of(samples);
            // Upper median: more than half the samples are ≤ it.
            assertEquals(smallestCovering(samples, c -> 2 * c > n), t.median(), "median of n=" + n);
            // p90: at least 90% of the samples are ≤ it (exact integers: 10·covered ≥ 9·n).
            assertEquals(smallestCovering(samples, c -> 10 * c >= 9 * n), t.p90(), "p90 of n=" + n);
            assertEquals(smallestCovering(samples, c -> c >= 1), t.min(), "min of n=" + n);
            assertEquals(n, t.runs());
            assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(samples), "input left unsorted");
        }
    }

    @Test
    void knownSmallCases() {
        Timings ten = Timings.of(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertEquals(1, ten.min());
        assertEquals(6, ten.median());  // upper median of an even count
        assertEquals(9, ten.p90());     // the 9th smallest of 10: the slowest run is not p90
        assertEquals(1.5, ten.p90OverMedian());
        assertEquals(2 / 6.0, ten.imagesPerSecond(2));
        Timings one = Timings.of(new double[] {0.5});
        assertEquals(0.5, one.min());
        assertEquals(0.5, one.median());
        assertEquals(0.5, one.p90());
        // 30 runs: 0.9 * 30 in doubles is 27.000000000000004, whose ceiling would wrongly pick the 28th.
        double[] thirty = new double[30];
        for (int i = 0; i < 30; i++) {
            thirty[i] = i + 1;
        }
        assertEquals(27, Timings.of(thirty).p90());
    }

    @Test
    void noRunsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Timings.of(new double[0]));
    }
}
