package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packer against its layout, written out as a formula: every packed value is the input value the layout names,
 * and nothing outside the call's positions is touched. Conv-level tests see a wrong placement only where it changes a
 * sum; here every position is checked, for both kernel sets.
 */
class ColumnPackerTest {

    @Test
    void pointwisePackingPutsEachPixelWhereTheStripLayoutSays() {
        for (Kernels kernels : new Kernels[] {KernelSelection.vectorOrScalar(), KernelSelection.scalar("scalar (test)")}) {
            ColumnPacker packer = new ColumnPacker(1, 1, 0, 1, kernels);
            int strip = kernels.stripWidth();
            SplittableRandom random = new SplittableRandom(21);
            for (int trial = 0; trial < 300; trial++) {
                int height = 1 + random.nextInt(12);
                int width = 1 + random.nextInt(40);
                int plane = height * width;
                int channels = 1 + random.nextInt(11);
                int chFrom = random.nextInt(channels);
                int chTo = chFrom + 1 + random.nextInt(channels - chFrom);
                int c0 = random.nextInt(plane);
                int cols = 1 + random.nextInt(plane - c0);
                // Block positions: from a strip's start (the vector copy's case) or anywhere (units across images).
                int j0 = random.nextBoolean() ? strip * random.nextInt(3) : random.nextInt(3 * strip);
                int xOff = random.nextInt(5);
                float[] x = new float[xOff + channels * plane];
                for (int i = 0; i < x.length; i++) {
                    x[i] = i; // every value names its own index
                }
                int taps = chTo - chFrom;
                int stripSize = taps * strip;
                int panelOff = random.nextInt(7);
                float[] panel = new float[panelOff + ((j0 + cols) / strip + 1) * stripSize];
                java.util.Arrays.fill(panel, -1f);
                packer.pack(x, xOff, chFrom, chTo, height, width, width, c0, cols, strip, panel, panelOff, j0,
                        Scratch.get());
                float[] expected = new float[panel.length];
                java.util.Arrays.fill(expected, -1f);
                for (int t = 0; t < taps; t++) {
                    for (int j = 0; j < cols; j++) {
                        int at = j0 + j;
                        expected[panelOff + (at / strip) * stripSize + t * strip + at % strip] =
                                x[xOff + (chFrom + t) * plane + c0 + j];
                    }
                }
                for (int i = 0; i < panel.length; i++) {
                    assertEquals(expected[i], panel[i], kernels.describe() + ", trial " + trial + ", position " + i
                            + " (channels " + chFrom + ".." + chTo + ", c0 " + c0 + ", cols " + cols + ", j0 " + j0 + ")");
                }
            }
        }
    }
}
