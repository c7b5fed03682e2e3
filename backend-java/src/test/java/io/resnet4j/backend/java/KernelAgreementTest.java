package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector tile states nothing of its own: it must give exactly what the scalar loops (the readable definition)
 * give, bit for bit, for every panel height, strip width, slicing of K, epilogue and special value.
 */
class KernelAgreementTest {
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f,
            Float.MIN_VALUE, Float.MAX_VALUE};

    @Test
    void vectorTilesEqualScalarTilesBitForBit() {
        Kernels vector = KernelSelection.vectorOrScalar();
        Kernels scalar = KernelSelection.scalar("scalar (test)");
        SplittableRandom random = new SplittableRandom(7);
        int w = vector.stripWidth();
        int[] heights = vector.tallestPanel() >= 12 ? new int[] {12, 6, 4, 1} : new int[] {6, 4, 1};
        for (int trial = 0; trial < 400; trial++) {
            int h = heights[random.nextInt(heights.length)];
            int kLen = 1 + random.nextInt(40);
            int aOff = random.nextInt(3);
            int ldb = w + random.nextInt(3) * w;
            int ldc = w + random.nextInt(20);
            int cols = 1 + random.nextInt(w);
            boolean accumulate = random.nextBoolean();
            boolean finish = random.nextBoolean();
            boolean relu = random.nextBoolean();
            boolean special = trial % 4 == 0;
            float[] a = values(random, aOff + h * kLen, special);
            float[] b = values(random, kLen * ldb, special);
            float[] bias = values(random, h, special);
            float[] residual = random.nextBoolean() ? values(random, h * ldc + 5, special) : null;
            float[] c0 = values(random, h * ldc, special);
            float[] cv = c0.clone();
            float[] cs = c0.clone();
            vector.tile(h, a, aOff, b, 0, ldb, kLen, cv, 0, ldc, cols, accumulate, finish, bias, 0, residual, 5, relu);
            scalar.tile(h, a, aOff, b, 0, ldb, kLen, cs, 0, ldc, cols, accumulate, finish, bias, 0, residual, 5, relu);
            for (int i = 0; i < cs.length; i++) {
                assertEquals(Float.floatToIntBits(cs[i]), Float.floatToIntBits(cv[i]),
                        "trial " + trial + " h=" + h + " cols=" + cols + " at " + i + ": " + cs[i] + " vs " + cv[i]);
            }
        }
    }

    @Test
    void stripPairsEqualTwoScalarTilesBitForBit() {
        Kernels vector = KernelSelection.vectorOrScalar();
        Kernels scalar = KernelSelection.scalar("scalar (test)");
        SplittableRandom random = new SplittableRandom(11);
        int w = vector.stripWidth();
        int[] heights = vector.tallestPanel() >= 12 ? new int[] {12, 6, 4, 1} : new int[] {6, 4, 1};
        for (int trial = 0; trial < 400; trial++) {
            int h = heights[random.nextInt(heights.length)];
            int kLen = 1 + random.nextInt(40);
            int aOff = random.nextInt(3);
            int ldc = 2 * w + random.nextInt(20);
            int cols = w + 1 + random.nextInt(w);
            int gap = random.nextInt(3) * w; // the second strip need not follow the first
            boolean accumulate = random.nextBoolean();
            boolean finish = random.nextBoolean();
            boolean relu = random.nextBoolean();
            boolean special = trial % 4 == 0;
            float[] a = values(random, aOff + h * kLen, special);
            float[] b = values(random, 2 * kLen * w + gap, special);
            float[] bias = values(random, h, special);
            float[] residual = random.nextBoolean() ? values(random, h * ldc + 5, special) : null;
            float[] c0 = values(random, h * ldc, special);
            float[] cv = c0.clone();
            float[] cs = c0.clone();
            vector.tilePair(h, a, aOff, b, 0, kLen * w + gap, w, kLen, cv, 0, ldc, cols, accumulate, finish, bias, 0,
                    residual, 5, relu);
            // The definition: one tile per strip.
            scalar.tile(h, a, aOff, b, 0, w, kLen, cs, 0, ldc, w, accumulate, finish, bias, 0, residual, 5, relu);
            scalar.tile(h, a, aOff, b, kLen * w + gap, w, kLen, cs, w, ldc, cols - w, accumulate, finish, bias, 0,
                    residual, 5, relu);
            assertArrayBits(cs, cv, "trial " + trial + " h=" + h + " cols=" + cols);
        }
    }

    @Test
    void max3AgreesWithMathMaxIncludingNaNAndSignedZeros() {
        Kernels vector = KernelSelection.vectorOrScalar();
        SplittableRandom random = new SplittableRandom(12);
        for (int trial = 0; trial < 200; trial++) {
            int len = random.nextInt(70);
            boolean special = trial % 2 == 0;
            float[] a = values(random, len + 1, special), b = values(random, len + 2, special);
            float[] c = values(random, len + 3, special);
            float[] out = new float[len + 1];
            vector.max3(a, 1, b, 2, c, 3, out, 1, len);
            for (int i = 0; i < len; i++) {
                float expected = Math.max(Math.max(a[1 + i], b[2 + i]), c[3 + i]);
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[1 + i]),
                        "trial " + trial + " at " + i + ": " + a[1 + i] + ", " + b[2 + i] + ", " + c[3 + i]);
            }
            assertEquals(0, Float.floatToIntBits(out[0]), "wrote before outOff");
        }
    }

    @Test
    void affineAgreesBitForBit() {
        Kernels vector = KernelSelection.vectorOrScalar();
        Kernels scalar = KernelSelection.scalar("scalar (test)");
        SplittableRandom random = new SplittableRandom(8);
        for (int trial = 0; trial < 100; trial++) {
            int len = 1 + random.nextInt(70);
            float[] src = values(random, len, trial % 2 == 0);
            float[] res = values(random, len, trial % 3 == 0);
            float scale = (float) random.nextDouble(-2, 2);
            float shift = (float) random.nextDouble(-1, 1);
            float[] dv = new float[len];
            float[] ds = new float[len];
            boolean relu = random.nextBoolean();
            vector.affine(src, 0, scale, shift, res, 0, relu, dv, 0, len);
            scalar.affine(src, 0, scale, shift, res, 0, relu, ds, 0, len);
            for (int i = 0; i < len; i++) {
                assertEquals(Float.floatToIntBits(ds[i]), Float.floatToIntBits(dv[i]), "trial " + trial + " at " + i);
            }
        }
    }

    @Test
    void interleavingAgreesWithTheScalarLoopsAtEveryLengthAndOffset() {
        Kernels vector = KernelSelection.vectorOrScalar();
        Kernels scalar = KernelSelection.scalar("scalar (test)");
        SplittableRandom random = new SplittableRandom(9);
        for (int trial = 0; trial < 300; trial++) {
            int n = random.nextInt(70);
            int off = random.nextInt(5);
            float[] x = values(random, 2 * n + off + 1, trial % 3 == 0);
            float[] ev = new float[n + 3], od = new float[n + 4], es = ev.clone(), os = od.clone();
            vector.deinterleave(x, off, n, ev, 3 - off % 3, od, off % 4);
            scalar.deinterleave(x, off, n, es, 3 - off % 3, os, off % 4);
            assertArrayBits(es, ev, "deinterleave, trial " + trial + " n=" + n);
            assertArrayBits(os, od, "deinterleave, trial " + trial + " n=" + n);
            int len = random.nextInt(2 * n + 1);
            float shift = random.nextBoolean() ? 0f : (float) random.nextDouble(-1, 1);
            float[] residual = random.nextBoolean() ? values(random, len + 3, trial % 3 == 0) : null;
            boolean relu = random.nextBoolean();
            float[] outV = new float[len + 2], outS = new float[len + 2];
            vector.interleave(es, 3 - off % 3, os, off % 4, len, shift, residual, 2, relu, outV, 1);
            scalar.interleave(es, 3 - off % 3, os, off % 4, len, shift, residual, 2, relu, outS, 1);
            assertArrayBits(outS, outV, "interleave, trial " + trial + " len=" + len);
            for (int q = 0; q < len; q++) {
                float v = x[off + q] + shift + (residual == null ? 0f : residual[2 + q]);
                assertEquals(Float.floatToIntBits(relu ? Kernels.relu(v) : v), Float.floatToIntBits(outS[1 + q]),
                        "round trip at " + q);
            }
        }
    }

    @Test
    void winogradTransformsAgreeWithTheScalarLoopsAtEveryTileCount() {
        Kernels vector = KernelSelection.vectorOrScalar();
        Kernels scalar = KernelSelection.scalar("scalar (test)");
        SplittableRandom random = new SplittableRandom(10);
        for (int trial = 0; trial < 200; trial++) {
            // Whole vectors of tiles in a third of the trials (the gathered transform's vector path takes only those).
            int count = trial % 3 == 0 ? 16 * (1 + random.nextInt(2)) : 1 + random.nextInt(40);
            int tc = random.nextInt(4);
            int span = tc + count + 1 + random.nextInt(3);
            int ps = count + random.nextInt(5);
            float[] vv = new float[16 * ps + 2], vs = vv.clone();
            // Both layouts the step uses: eight split rows one after another (the small-plane schedule), and the
            // shared one, row 2 a span after row 0 in the same two sequences (odd columns and row 1 further on).
            boolean shared = random.nextBoolean();
            int odd = shared ? 2 * span + 1 : span;
            int row1 = 2 * odd;
            int row2 = shared ? span : 4 * span;
            float[] rows = values(random, row1 + row2 + odd + span, trial % 4 == 0);
            vector.winogradInput(rows, odd, row1, row2, tc, count, vv, ps, 1);
            scalar.winogradInput(rows, odd, row1, row2, tc, count, vs, ps, 1);
            assertArrayBits(vs, vv, "winogradInput, trial " + trial + " count=" + count);
            // The same patches gathered (the small-plane schedule's way), after a few unrelated index entries.
            int indexOff = random.nextInt(3);
            int[] index = new int[indexOff + 16 * count];
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < 4; j++) {
                    for (int i = 0; i < count; i++) {
                        index[indexOff + (4 * k + j) * count + i] =
                                tc + (k & 1) * row1 + (k >> 1) * row2 + (j & 1) * odd + (j >> 1) + i;
                    }
                }
            }
            for (Kernels kernels : new Kernels[] {vector, scalar}) {
                float[] gathered = new float[vs.length];
                kernels.winogradInputGathered(rows, 0, index, indexOff, count, gathered, ps, 1);
                assertArrayBits(vs, gathered, "winogradInputGathered (" + kernels.describe() + "), trial " + trial
                        + " count=" + count);
            }
            float[] m = values(random, 16 * ps + 2, trial % 4 == 0);
            float[] outV = new float[4 * span + 1], outS = outV.clone();
            vector.winogradOutput(m, ps, 1, count, outV, 1, span);
            scalar.winogradOutput(m, ps, 1, count, outS, 1, span);
            assertArrayBits(outS, outV, "winogradOutput, trial " + trial + " count=" + count);
        }
    }

    private static void assertArrayBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + " at " + i);
        }
    }

    @Test
    void directGroupedBlocksEqualScalarBlocksBitForBit() {
        Kernels vector = KernelSelection.vectorOrScalar();
        Kernels scalar = KernelSelection.scalar("scalar (test)");
        SplittableRandom random = new SplittableRandom(13);
        for (int trial = 0; trial < 200; trial++) {
            int channels = trial % 2 == 0 ? 8 : 4;
            int nv = vector.blockPixels(channels);
            int ns = scalar.blockPixels(channels);
            int cin = 1 + random.nextInt(20);
            int rowStride = 3 + random.nextInt(30);
            int planeStride = 3 * rowStride + ns + random.nextInt(9);
            int[] taps = new int[9];
            for (int t = 0; t < 9; t++) {
                taps[t] = (t / 3) * rowStride + t % 3;
            }
            int xOff = random.nextInt(5);
            int wOff = random.nextInt(5);
            boolean special = trial % 4 == 0;
            float[] x = values(random, xOff + cin * planeStride + 2, special);
            float[] w = values(random, wOff + cin * 9 * channels, special);
            float[] outV = new float[channels * nv];
            float[] outS = new float[channels * ns];
            vector.conv3x3Block(channels, x, xOff, planeStride, taps, cin, w, wOff, outV, 0);
            scalar.conv3x3Block(channels, x, xOff, planeStride, taps, cin, w, wOff, outS, 0);
            for (int c = 0; c < channels; c++) {
                for (int j = 0; j < Math.min(nv, ns); j++) {
                    assertEquals(Float.floatToIntBits(outS[c * ns + j]), Float.floatToIntBits(outV[c * nv + j]),
                            "trial " + trial + ", " + channels + " channels: channel " + c + " pixel " + j);
                }
            }
        }
    }

    /**
     * The classifier's blocks of dot products are each (row, input) pair's own {@link Kernels#dot}, bit for bit, on
     * both paths: an image's logits must not depend on the images beside it, nor on where its rows fall in a block.
     */
    @Test
    void dotBlocksEqualOneDotPerPairBitForBit() {
        SplittableRandom random = new SplittableRandom(17);
        for (Kernels kernels : new Kernels[] {KernelSelection.vectorOrScalar(), KernelSelection.scalar("scalar (test)")}) {
            for (int trial = 0; trial < 200; trial++) {
                int inputs = 1 + random.nextInt(10);
                int rows = 1 + random.nextInt(10);
                int len = 1 + random.nextInt(80);
                int xOff = random.nextInt(3);
                int wOff = random.nextInt(3);
                int ldy = rows + random.nextInt(4);
                boolean special = trial % 4 == 0;
                float[] x = values(random, xOff + inputs * len, special);
                float[] w = values(random, wOff + rows * len, special);
                float[] bias = values(random, rows + 2, special);
                float[] y = new float[1 + inputs * ldy];
                kernels.dotBlock(x, xOff, inputs, w, wOff, rows, len, bias, 2, y, 1, ldy);
                for (int j = 0; j < inputs; j++) {
                    for (int r = 0; r < rows; r++) {
                        float expected = kernels.dot(x, xOff + j * len, w, wOff + r * len, len) + bias[2 + r];
                        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(y[1 + j * ldy + r]),
                                kernels + " trial " + trial + ": input " + j + ", row " + r + ", length " + len);
                    }
                }
            }
        }
    }

    private static float[] values(SplittableRandom random, int n, boolean special) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = special && random.nextInt(10) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : (float) random.nextDouble(-1, 1);
        }
        return v;
    }
}
