package io.resnet4j.backend.java;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API with the platform's preferred float species. Only {@link KernelSelection} loads this
 * class, reflectively, so a JVM without {@code jdk.incubator.vector} falls back to {@link ScalarKernels}, whose
 * loops state what these compute.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Two vectors per strip. The main register tile is 6 rows × 2 vectors: 12 accumulators, 2 strip vectors and one
     * broadcast fill 15 of AVX2's 16 registers, and each loaded strip vector feeds 6 FMAs.
     */
    private static final int STRIP_WIDTH = 2 * LANES;

    /** 12-row panels need 27 vector registers: only where vectors are 512-bit wide, which means AVX-512's 32. */
    private static final int TALLEST = LANES >= 16 ? 12 : 6;

    static int lanes() {
        return LANES;
    }

    @Override
    public String describe() {
        return "Vector API " + SPECIES.vectorBitSize() + "-bit, " + LANES + " floats per vector";
    }

    @Override
    public int tallestPanel() {
        return TALLEST;
    }

    @Override
    public int stripWidth() {
        return STRIP_WIDTH;
    }

    /** A tile's rows when its strip overhangs the output row: the kernels then work on full strips here. */
    private static final ThreadLocal<float[]> STAGE = ThreadLocal.withInitial(() -> new float[TALLEST * STRIP_WIDTH]);

    @Override
    public void tile(int h, float[] a, int aOff, float[] b, int bOff, int ldb, int kLen, float[] c, int cOff, int ldc, int cols,
            boolean accumulate, boolean finish, float[] bias, int biasOff, float[] residual, int resShift, boolean relu) {
        if (cols == STRIP_WIDTH) {
            multiply(h, a, aOff, b, bOff, ldb, kLen, c, cOff, ldc, accumulate);
        } else if (cols <= NARROW && h <= LANES && ldb >= NARROW) {
            narrow(h, a, aOff, b, bOff, ldb, kLen, c, cOff, ldc, cols, accumulate);
        } else if (cols <= LANES && (h == 12 || h == 4)) {
            multiplyHalf(h, a, aOff, b, bOff, ldb, kLen, c, cOff, ldc, cols, accumulate);
        } else {
            float[] stage = STAGE.get();
            if (accumulate) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(c, cOff + r * ldc, stage, r * STRIP_WIDTH, cols);
                }
            }
            multiply(h, a, aOff, b, bOff, ldb, kLen, stage, 0, STRIP_WIDTH, accumulate);
            for (int r = 0; r < h; r++) {
                System.arraycopy(stage, r * STRIP_WIDTH, c, cOff + r * ldc, cols);
            }
        }
        if (finish) {
            finish(h, c, cOff, ldc, cols, bias, biasOff, residual, resShift, relu);
        }
    }
    @Override
    public int blockPixels(int channels) {
        return 16 / channels * LANES;
    }

    @Override
    public void conv3x3Block(int channels, float[] x, int xOff, int planeStride, int[] taps, int cin, float[] w,
            int wOff, float[] out, int outOff) {
        switch (channels) {
            case 8 -> conv3x3Block8(x, xOff, planeStride, taps, cin, w, wOff, out, outOff);
            case 4 -> conv3x3Block4(x, xOff, planeStride, taps, cin, w, wOff, out, outOff);
            default -> throw new IllegalArgumentException("channels " + channels);
        }
    }

    /**
     * 8 output channels × two vectors of pixels: 16 accumulators; per tap two input vectors, read straight from
     * the prepared planes at the tap's offset, and 8 broadcast weights (the 8 channels of the tap, side by side) feed
     * 16 multiply-adds. With 16 channels × one vector the 16 broadcasts and one load per 16 multiply-adds bound it.
     */
    private static void conv3x3Block8(float[] x0, int xOff, int planeStride, int[] taps, int cin, float[] w, int wOff,
            float[] out, int outOff) {
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7;
        a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = FloatVector.zero(SPECIES);
        int wk = wOff;
        for (int ci = 0; ci < cin; ci++) {
            int plane = xOff + ci * planeStride;
            for (int t = 0; t < 9; t++, wk += 8) {
                int at = plane + taps[t];
                FloatVector v = FloatVector.fromArray(SPECIES, x0, at);
                FloatVector u = FloatVector.fromArray(SPECIES, x0, at + LANES);
                FloatVector x;
                x = FloatVector.broadcast(SPECIES, w[wk + 0]);
                a0 = v.fma(x, a0);
                b0 = u.fma(x, b0);
                x = FloatVector.broadcast(SPECIES, w[wk + 1]);
                a1 = v.fma(x, a1);
                b1 = u.fma(x, b1);
                x = FloatVector.broadcast(SPECIES, w[wk + 2]);
                a2 = v.fma(x, a2);
                b2 = u.fma(x, b2);
                x = FloatVector.broadcast(SPECIES, w[wk + 3]);
                a3 = v.fma(x, a3);
                b3 = u.fma(x, b3);
                x = FloatVector.broadcast(SPECIES, w[wk + 4]);
                a4 = v.fma(x, a4);
                b4 = u.fma(x, b4);
                x = FloatVector.broadcast(SPECIES, w[wk + 5]);
                a5 = v.fma(x, a5);
                b5 = u.fma(x, b5);
                x = FloatVector.broadcast(SPECIES, w[wk + 6]);
                a6 = v.fma(x, a6);
                b6 = u.fma(x, b6);
                x = FloatVector.broadcast(SPECIES, w[wk + 7]);
                a7 = v.fma(x, a7);
                b7 = u.fma(x, b7);
            }
        }
        a0.intoArray(out, outOff + 0 * 2 * LANES);
        b0.intoArray(out, outOff + 0 * 2 * LANES + LANES);
        a1.intoArray(out, outOff + 1 * 2 * LANES);
        b1.intoArray(out, outOff + 1 * 2 * LANES + LANES);
        a2.intoArray(out, outOff + 2 * 2 * LANES);
        b2.intoArray(out, outOff + 2 * 2 * LANES + LANES);
        a3.intoArray(out, outOff + 3 * 2 * LANES);
        b3.intoArray(out, outOff + 3 * 2 * LANES + LANES);
        a4.intoArray(out, outOff + 4 * 2 * LANES);
        b4.intoArray(out, outOff + 4 * 2 * LANES + LANES);
        a5.intoArray(out, outOff + 5 * 2 * LANES);
        b5.intoArray(out, outOff + 5 * 2 * LANES + LANES);
        a6.intoArray(out, outOff + 6 * 2 * LANES);
        b6.intoArray(out, outOff + 6 * 2 * LANES + LANES);
        a7.intoArray(out, outOff + 7 * 2 * LANES);
        b7.intoArray(out, outOff + 7 * 2 * LANES + LANES);
    }

    /** 4 output channels × four vectors of pixels: per tap four input vectors and 4 broadcasts feed 16 multiply-adds. */
    private static void conv3x3Block4(float[] x0, int xOff, int planeStride, int[] taps, int cin, float[] w, int wOff,
            float[] out, int outOff) {
        FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
        a00 = a01 = a02 = a03 = a10 = a11 = a12 = a13 = a20 = a21 = a22 = a23 = a30 = a31 = a32 = a33 = FloatVector.zero(SPECIES);
        int wk = wOff;
        for (int ci = 0; ci < cin; ci++) {
            int plane = xOff + ci * planeStride;
            for (int t = 0; t < 9; t++, wk += 4) {
                int at = plane + taps[t];
                FloatVector v0 = FloatVector.fromArray(SPECIES, x0, at);
                FloatVector v1 = FloatVector.fromArray(SPECIES, x0, at + LANES);
                FloatVector v2 = FloatVector.fromArray(SPECIES, x0, at + 2 * LANES);
                FloatVector v3 = FloatVector.fromArray(SPECIES, x0, at + 3 * LANES);
                FloatVector x;
                x = FloatVector.broadcast(SPECIES, w[wk + 0]);
                a00 = v0.fma(x, a00);
                a01 = v1.fma(x, a01);
                a02 = v2.fma(x, a02);
                a03 = v3.fma(x, a03);
                x = FloatVector.broadcast(SPECIES, w[wk + 1]);
                a10 = v0.fma(x, a10);
                a11 = v1.fma(x, a11);
                a12 = v2.fma(x, a12);
                a13 = v3.fma(x, a13);
                x = FloatVector.broadcast(SPECIES, w[wk + 2]);
                a20 = v0.fma(x, a20);
                a21 = v1.fma(x, a21);
                a22 = v2.fma(x, a22);
                a23 = v3.fma(x, a23);
                x = FloatVector.broadcast(SPECIES, w[wk + 3]);
                a30 = v0.fma(x, a30);
                a31 = v1.fma(x, a31);
                a32 = v2.fma(x, a32);
                a33 = v3.fma(x, a33);
            }
        }
        a00.intoArray(out, outOff + (0 * 4 + 0) * LANES);
        a01.intoArray(out, outOff + (0 * 4 + 1) * LANES);
        a02.intoArray(out, outOff + (0 * 4 + 2) * LANES);
        a03.intoArray(out, outOff + (0 * 4 + 3) * LANES);
        a10.intoArray(out, outOff + (1 * 4 + 0) * LANES);
        a11.intoArray(out, outOff + (1 * 4 + 1) * LANES);
        a12.intoArray(out, outOff + (1 * 4 + 2) * LANES);
        a13.intoArray(out, outOff + (1 * 4 + 3) * LANES);
        a20.intoArray(out, outOff + (2 * 4 + 0) * LANES);
        a21.intoArray(out, outOff + (2 * 4 + 1) * LANES);
        a22.intoArray(out, outOff + (2 * 4 + 2) * LANES);
        a23.intoArray(out, outOff + (2 * 4 + 3) * LANES);
        a30.intoArray(out, outOff + (3 * 4 + 0) * LANES);
        a31.intoArray(out, outOff + (3 * 4 + 1) * LANES);
        a32.intoArray(out, outOff + (3 * 4 + 2) * LANES);
        a33.intoArray(out, outOff + (3 * 4 + 3) * LANES);
    }

    @Override
    public void winogradInput(float[] rows, int odd, int row1, int row2, int tc, int count, float[] v, int ps,
            int dst) {
        int e0 = tc, o0 = e0 + odd, e1 = tc + row1, o1 = e1 + odd;
        int e2 = tc + row2, o2 = e2 + odd, e3 = tc + row1 + row2, o3 = e3 + odd;
        if (count < LANES) {
            ScalarKernels.winogradInputTiles(rows, odd, row1, row2, tc, count, v, ps, dst);
            return;
        }
        // The scalar path's operations lane by lane. Tile rows are short (a strip's share of 7 to 28 tiles): the
        // last vector ends at count, overlapping the one before, whose values it writes again (each output depends
        // on the input alone). Masked vectors measured several times slower on C2.
        for (int next = 0; next < count; next += LANES) {
            int i = Math.min(next, count - LANES);
            FloatVector a = FloatVector.fromArray(SPECIES, rows, e0 + i), an = FloatVector.fromArray(SPECIES, rows, e0 + i + 1);
            FloatVector b = FloatVector.fromArray(SPECIES, rows, o0 + i), bn = FloatVector.fromArray(SPECIES, rows, o0 + i + 1);
            FloatVector r00 = a.sub(an), r01 = b.add(an), r02 = an.sub(b), r03 = b.sub(bn);
            a = FloatVector.fromArray(SPECIES, rows, e1 + i);
            an = FloatVector.fromArray(SPECIES, rows, e1 + i + 1);
            b = FloatVector.fromArray(SPECIES, rows, o1 + i);
            bn = FloatVector.fromArray(SPECIES, rows, o1 + i + 1);
            FloatVector r10 = a.sub(an), r11 = b.add(an), r12 = an.sub(b), r13 = b.sub(bn);
            a = FloatVector.fromArray(SPECIES, rows, e2 + i);
            an = FloatVector.fromArray(SPECIES, rows, e2 + i + 1);
            b = FloatVector.fromArray(SPECIES, rows, o2 + i);
            bn = FloatVector.fromArray(SPECIES, rows, o2 + i + 1);
            FloatVector r20 = a.sub(an), r21 = b.add(an), r22 = an.sub(b), r23 = b.sub(bn);
            int at = dst + i;
            r00.sub(r20).intoArray(v, at);
            r01.sub(r21).intoArray(v, ps + at);
            r02.sub(r22).intoArray(v, 2 * ps + at);
            r03.sub(r23).intoArray(v, 3 * ps + at);
            r10.add(r20).intoArray(v, 4 * ps + at);
            r11.add(r21).intoArray(v, 5 * ps + at);
            r12.add(r22).intoArray(v, 6 * ps + at);
            r13.add(r23).intoArray(v, 7 * ps + at);
            r20.sub(r10).intoArray(v, 8 * ps + at);
            r21.sub(r11).intoArray(v, 9 * ps + at);
            r22.sub(r12).intoArray(v, 10 * ps + at);
            r23.sub(r13).intoArray(v, 11 * ps + at);
            a = FloatVector.fromArray(SPECIES, rows, e3 + i);
            an = FloatVector.fromArray(SPECIES, rows, e3 + i + 1);
            b = FloatVector.fromArray(SPECIES, rows, o3 + i);
            bn = FloatVector.fromArray(SPECIES, rows, o3 + i + 1);
            r10.sub(a.sub(an)).intoArray(v, 12 * ps + at);
            r11.sub(b.add(an)).intoArray(v, 13 * ps + at);
            r12.sub(an.sub(b)).intoArray(v, 14 * ps + at);
            r13.sub(b.sub(bn)).intoArray(v, 15 * ps + at);
        }
    }

    @Override
    public void pairRows(int h, float[] a, int aOff, int aStride, float[] b, int bOff, int bOff2, int ldb, int kLen,
            float[] c, int cOff, int ldc, boolean accumulate) {
        switch (h) {
            case 6 -> {
                if (TALLEST < 12) { // 6 × 4 accumulators need AVX-512's 32 registers
                    Kernels.super.pairRows(h, a, aOff, aStride, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
                } else {
                    pair6(a, aOff, aStride, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
                }
            }
            case 4 -> pair4(a, aOff, aStride, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
            case 1 -> pair1(a, aOff, aStride, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
            default -> throw new IllegalArgumentException("rows " + h);
        }
    }

    /** Lane by lane the default's operations, a vector of tiles at a time, each patch value one gather. */
    @Override
    public void winogradInputGathered(float[] x, int xOff, int[] index, int indexOff, int count, float[] v, int ps,
            int dst) {
        if (count % LANES != 0) {
            Kernels.super.winogradInputGathered(x, xOff, index, indexOff, count, v, ps, dst);
            return;
        }
        for (int i = 0; i < count; i += LANES) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + i);
            FloatVector d1 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + count + i);
            FloatVector d2 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 2 * count + i);
            FloatVector d3 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 3 * count + i);
            FloatVector r00 = d0.sub(d2), r01 = d1.add(d2), r02 = d2.sub(d1), r03 = d1.sub(d3);
            d0 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 4 * count + i);
            d1 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 5 * count + i);
            d2 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 6 * count + i);
            d3 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 7 * count + i);
            FloatVector r10 = d0.sub(d2), r11 = d1.add(d2), r12 = d2.sub(d1), r13 = d1.sub(d3);
            d0 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 8 * count + i);
            d1 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 9 * count + i);
            d2 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 10 * count + i);
            d3 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 11 * count + i);
            FloatVector r20 = d0.sub(d2), r21 = d1.add(d2), r22 = d2.sub(d1), r23 = d1.sub(d3);
            int at = dst + i;
            r00.sub(r20).intoArray(v, at);
            r01.sub(r21).intoArray(v, ps + at);
            r02.sub(r22).intoArray(v, 2 * ps + at);
            r03.sub(r23).intoArray(v, 3 * ps + at);
            r10.add(r20).intoArray(v, 4 * ps + at);
            r11.add(r21).intoArray(v, 5 * ps + at);
            r12.add(r22).intoArray(v, 6 * ps + at);
            r13.add(r23).intoArray(v, 7 * ps + at);
            r20.sub(r10).intoArray(v, 8 * ps + at);
            r21.sub(r11).intoArray(v, 9 * ps + at);
            r22.sub(r12).intoArray(v, 10 * ps + at);
            r23.sub(r13).intoArray(v, 11 * ps + at);
            d0 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 12 * count + i);
            d1 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 13 * count + i);
            d2 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 14 * count + i);
            d3 = FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + 15 * count + i);
            r10.sub(d0.sub(d2)).intoArray(v, 12 * ps + at);
            r11.sub(d1.add(d2)).intoArray(v, 13 * ps + at);
            r12.sub(d2.sub(d1)).intoArray(v, 14 * ps + at);
            r13.sub(d1.sub(d3)).intoArray(v, 15 * ps + at);
        }
    }

    @Override
    public void winogradOutput(float[] m, int ps, int src, int count, float[] out, int outOff, int span) {
        if (count < LANES) {
            ScalarKernels.winogradOutputTiles(m, ps, src, count, out, outOff, span);
            return;
        }
        for (int next = 0; next < count; next += LANES) {
            int i = Math.min(next, count - LANES); // the last vector overlaps the one before, as in winogradInput
            int at = src + i;
            FloatVector m4 = FloatVector.fromArray(SPECIES, m, 4 * ps + at), m8 = FloatVector.fromArray(SPECIES, m, 8 * ps + at);
            FloatVector m5 = FloatVector.fromArray(SPECIES, m, 5 * ps + at), m9 = FloatVector.fromArray(SPECIES, m, 9 * ps + at);
            FloatVector m6 = FloatVector.fromArray(SPECIES, m, 6 * ps + at), m10 = FloatVector.fromArray(SPECIES, m, 10 * ps + at);
            FloatVector m7 = FloatVector.fromArray(SPECIES, m, 7 * ps + at), m11 = FloatVector.fromArray(SPECIES, m, 11 * ps + at);
            FloatVector s0 = FloatVector.fromArray(SPECIES, m, at).add(m4).add(m8);
            FloatVector s1 = FloatVector.fromArray(SPECIES, m, ps + at).add(m5).add(m9);
            FloatVector s2 = FloatVector.fromArray(SPECIES, m, 2 * ps + at).add(m6).add(m10);
            FloatVector s3 = FloatVector.fromArray(SPECIES, m, 3 * ps + at).add(m7).add(m11);
            FloatVector d0 = m4.sub(m8).sub(FloatVector.fromArray(SPECIES, m, 12 * ps + at));
            FloatVector d1 = m5.sub(m9).sub(FloatVector.fromArray(SPECIES, m, 13 * ps + at));
            FloatVector d2 = m6.sub(m10).sub(FloatVector.fromArray(SPECIES, m, 14 * ps + at));
            FloatVector d3 = m7.sub(m11).sub(FloatVector.fromArray(SPECIES, m, 15 * ps + at));
            s0.add(s1).add(s2).intoArray(out, outOff + i);
            s1.sub(s2).sub(s3).intoArray(out, outOff + span + i);
            d0.add(d1).add(d2).intoArray(out, outOff + 2 * span + i);
            d1.sub(d2).sub(d3).intoArray(out, outOff + 3 * span + i);
        }
    }

    /**
     * The epilogue on a tile just stored (still in L1): {@code c = relu?(c + bias + residual)} row by row, in the
     * scalar path's order. One call per tile; vectors stay inside it.
     */
    private static void finish(int h, float[] c, int cOff, int ldc, int cols, float[] bias, int biasOff,
            float[] residual, int resShift, boolean relu) {
        if (cols != STRIP_WIDTH) {
            for (int r = 0; r < h; r++) {
                int row = cOff + r * ldc;
                for (int j = 0; j < cols; j++) {
                    float v = c[row + j] + bias[biasOff + r];
                    if (residual != null) {
                        v += residual[row + resShift + j];
                    }
                    c[row + j] = relu ? Kernels.relu(v) : v;
                }
            }
            return;
        }
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int r = 0; r < h; r++) {
            int row = cOff + r * ldc;
            FloatVector shift = FloatVector.broadcast(SPECIES, bias[biasOff + r]);
            FloatVector v0 = FloatVector.fromArray(SPECIES, c, row).add(shift);
            FloatVector v1 = FloatVector.fromArray(SPECIES, c, row + LANES).add(shift);
            if (residual != null) {
                v0 = v0.add(FloatVector.fromArray(SPECIES, residual, row + resShift));
                v1 = v1.add(FloatVector.fromArray(SPECIES, residual, row + resShift + LANES));
            }
            if (relu) {
                v0 = v0.max(zero);
                v1 = v1.max(zero);
            }
            v0.intoArray(c, row);
            v1.intoArray(c, row + LANES);
        }
    }

    /**
     * A strip's first {@code cols ≤ LANES} columns only: where a plane's last strip holds that few pixels (14×14:
     * 4 of 32; 5×7: 3 of 32) the second vector's multiply-adds would all be dropped. Same sums, same order, same
     * bits as the full tile.
     */
    private static void multiplyHalf(int h, float[] a, int aOff, float[] b, int bOff, int ldb, int kLen, float[] c,
            int cOff, int ldc, int cols, boolean accumulate) {
        float[] out = c;
        int at = cOff;
        int ld = ldc;
        if (cols < LANES) {
            out = STAGE.get();
            at = 0;
            ld = STRIP_WIDTH;
            if (accumulate) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(c, cOff + r * ldc, out, r * STRIP_WIDTH, cols);
                }
            }
        }
        if (h == 12) {
            half12(a, aOff, b, bOff, ldb, kLen, out, at, ld, accumulate);
        } else {
            half4(a, aOff, b, bOff, ldb, kLen, out, at, ld, accumulate);
        }
        if (out != c) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(out, r * STRIP_WIDTH, c, cOff + r * ldc, cols);
            }
        }
    }

    /**
     * Full strip and a vector of the next: 48 columns, where a plane's pixels end a vector past a strip (7×7: 49
     * pixels, 32 + 16 + 1). A strip pair's tile would multiply 64 columns for them. A 12-row panel runs as 8 + 4
     * rows, 24 and 12 accumulators; each product and its order are the tile's, so the bits are. ResNet-50's 7×7
     * convs at batch 1 ran 7–10% faster than on the pair (Zen 4, 2 threads, bench --profile alternating).
     */
    private static void multiplyTriple(int h, float[] a, int aOff, float[] b, int bOff, int bOff2, int ldb, int kLen,
            float[] c, int cOff, int ldc, boolean accumulate) {
        if (h == 12) {
            tri8(a, aOff, 12, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
            tri4(a, aOff + 8, 12, b, bOff, bOff2, ldb, kLen, c, cOff + 8 * ldc, ldc, accumulate);
        } else {
            tri4(a, aOff, 4, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
        }
    }

    /** 8 rows × three vectors: a strip's two and the first of the next strip's (see {@link #multiplyTriple}). */
    private static void tri8(float[] a, int ak, int aStride, float[] b, int bk, int bk2, int ldb, int kLen, float[] c,
            int c0, int ldc, boolean accumulate) {
        FloatVector acc00, acc01, acc02, acc10, acc11, acc12, acc20, acc21, acc22, acc30, acc31, acc32, acc40, acc41, acc42, acc50, acc51, acc52, acc60, acc61, acc62, acc70, acc71, acc72;
        if (accumulate) {
            acc00 = FloatVector.fromArray(SPECIES, c, c0 + 0 * ldc + 0 * LANES);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + 0 * ldc + 1 * LANES);
            acc02 = FloatVector.fromArray(SPECIES, c, c0 + 0 * ldc + 2 * LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + 0 * LANES);
            acc11 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + 1 * LANES);
            acc12 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + 2 * LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + 0 * LANES);
            acc21 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + 1 * LANES);
            acc22 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + 2 * LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + 0 * LANES);
            acc31 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + 1 * LANES);
            acc32 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + 2 * LANES);
            acc40 = FloatVector.fromArray(SPECIES, c, c0 + 4 * ldc + 0 * LANES);
            acc41 = FloatVector.fromArray(SPECIES, c, c0 + 4 * ldc + 1 * LANES);
            acc42 = FloatVector.fromArray(SPECIES, c, c0 + 4 * ldc + 2 * LANES);
            acc50 = FloatVector.fromArray(SPECIES, c, c0 + 5 * ldc + 0 * LANES);
            acc51 = FloatVector.fromArray(SPECIES, c, c0 + 5 * ldc + 1 * LANES);
            acc52 = FloatVector.fromArray(SPECIES, c, c0 + 5 * ldc + 2 * LANES);
            acc60 = FloatVector.fromArray(SPECIES, c, c0 + 6 * ldc + 0 * LANES);
            acc61 = FloatVector.fromArray(SPECIES, c, c0 + 6 * ldc + 1 * LANES);
            acc62 = FloatVector.fromArray(SPECIES, c, c0 + 6 * ldc + 2 * LANES);
            acc70 = FloatVector.fromArray(SPECIES, c, c0 + 7 * ldc + 0 * LANES);
            acc71 = FloatVector.fromArray(SPECIES, c, c0 + 7 * ldc + 1 * LANES);
            acc72 = FloatVector.fromArray(SPECIES, c, c0 + 7 * ldc + 2 * LANES);
        } else {
            acc00 = acc01 = acc02 = acc10 = acc11 = acc12 = acc20 = acc21 = acc22 = acc30 = acc31 = acc32 = acc40 = acc41 = acc42 = acc50 = acc51 = acc52 = acc60 = acc61 = acc62 = acc70 = acc71 = acc72 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += aStride, bk += ldb, bk2 += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bk2);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak + 0]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            acc02 = b2.fma(x, acc02);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            acc12 = b2.fma(x, acc12);
            x = FloatVector.broadcast(SPECIES, a[ak + 2]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            acc22 = b2.fma(x, acc22);
            x = FloatVector.broadcast(SPECIES, a[ak + 3]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
            acc32 = b2.fma(x, acc32);
            x = FloatVector.broadcast(SPECIES, a[ak + 4]);
            acc40 = b0.fma(x, acc40);
            acc41 = b1.fma(x, acc41);
            acc42 = b2.fma(x, acc42);
            x = FloatVector.broadcast(SPECIES, a[ak + 5]);
            acc50 = b0.fma(x, acc50);
            acc51 = b1.fma(x, acc51);
            acc52 = b2.fma(x, acc52);
            x = FloatVector.broadcast(SPECIES, a[ak + 6]);
            acc60 = b0.fma(x, acc60);
            acc61 = b1.fma(x, acc61);
            acc62 = b2.fma(x, acc62);
            x = FloatVector.broadcast(SPECIES, a[ak + 7]);
            acc70 = b0.fma(x, acc70);
            acc71 = b1.fma(x, acc71);
            acc72 = b2.fma(x, acc72);
        }
        acc00.intoArray(c, c0 + 0 * ldc + 0 * LANES);
        acc01.intoArray(c, c0 + 0 * ldc + 1 * LANES);
        acc02.intoArray(c, c0 + 0 * ldc + 2 * LANES);
        acc10.intoArray(c, c0 + 1 * ldc + 0 * LANES);
        acc11.intoArray(c, c0 + 1 * ldc + 1 * LANES);
        acc12.intoArray(c, c0 + 1 * ldc + 2 * LANES);
        acc20.intoArray(c, c0 + 2 * ldc + 0 * LANES);
        acc21.intoArray(c, c0 + 2 * ldc + 1 * LANES);
        acc22.intoArray(c, c0 + 2 * ldc + 2 * LANES);
        acc30.intoArray(c, c0 + 3 * ldc + 0 * LANES);
        acc31.intoArray(c, c0 + 3 * ldc + 1 * LANES);
        acc32.intoArray(c, c0 + 3 * ldc + 2 * LANES);
        acc40.intoArray(c, c0 + 4 * ldc + 0 * LANES);
        acc41.intoArray(c, c0 + 4 * ldc + 1 * LANES);
        acc42.intoArray(c, c0 + 4 * ldc + 2 * LANES);
        acc50.intoArray(c, c0 + 5 * ldc + 0 * LANES);
        acc51.intoArray(c, c0 + 5 * ldc + 1 * LANES);
        acc52.intoArray(c, c0 + 5 * ldc + 2 * LANES);
        acc60.intoArray(c, c0 + 6 * ldc + 0 * LANES);
        acc61.intoArray(c, c0 + 6 * ldc + 1 * LANES);
        acc62.intoArray(c, c0 + 6 * ldc + 2 * LANES);
        acc70.intoArray(c, c0 + 7 * ldc + 0 * LANES);
        acc71.intoArray(c, c0 + 7 * ldc + 1 * LANES);
        acc72.intoArray(c, c0 + 7 * ldc + 2 * LANES);
    }

    /** 4 rows × three vectors: a strip's two and the first of the next strip's (see {@link #multiplyTriple}). */
    private static void tri4(float[] a, int ak, int aStride, float[] b, int bk, int bk2, int ldb, int kLen, float[] c,
            int c0, int ldc, boolean accumulate) {
        FloatVector acc00, acc01, acc02, acc10, acc11, acc12, acc20, acc21, acc22, acc30, acc31, acc32;
        if (accumulate) {
            acc00 = FloatVector.fromArray(SPECIES, c, c0 + 0 * ldc + 0 * LANES);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + 0 * ldc + 1 * LANES);
            acc02 = FloatVector.fromArray(SPECIES, c, c0 + 0 * ldc + 2 * LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + 0 * LANES);
            acc11 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + 1 * LANES);
            acc12 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc + 2 * LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + 0 * LANES);
            acc21 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + 1 * LANES);
            acc22 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc + 2 * LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + 0 * LANES);
            acc31 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + 1 * LANES);
            acc32 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc + 2 * LANES);
        } else {
            acc00 = acc01 = acc02 = acc10 = acc11 = acc12 = acc20 = acc21 = acc22 = acc30 = acc31 = acc32 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += aStride, bk += ldb, bk2 += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bk2);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak + 0]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            acc02 = b2.fma(x, acc02);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            acc12 = b2.fma(x, acc12);
            x = FloatVector.broadcast(SPECIES, a[ak + 2]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            acc22 = b2.fma(x, acc22);
            x = FloatVector.broadcast(SPECIES, a[ak + 3]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
            acc32 = b2.fma(x, acc32);
        }
        acc00.intoArray(c, c0 + 0 * ldc + 0 * LANES);
        acc01.intoArray(c, c0 + 0 * ldc + 1 * LANES);
        acc02.intoArray(c, c0 + 0 * ldc + 2 * LANES);
        acc10.intoArray(c, c0 + 1 * ldc + 0 * LANES);
        acc11.intoArray(c, c0 + 1 * ldc + 1 * LANES);
        acc12.intoArray(c, c0 + 1 * ldc + 2 * LANES);
        acc20.intoArray(c, c0 + 2 * ldc + 0 * LANES);
        acc21.intoArray(c, c0 + 2 * ldc + 1 * LANES);
        acc22.intoArray(c, c0 + 2 * ldc + 2 * LANES);
        acc30.intoArray(c, c0 + 3 * ldc + 0 * LANES);
        acc31.intoArray(c, c0 + 3 * ldc + 1 * LANES);
        acc32.intoArray(c, c0 + 3 * ldc + 2 * LANES);
    }

    /** Columns {@link #narrow} takes: one accumulator each. */
    private static final int NARROW = 4;
    /** {@code ROWS[h]}: the first h lanes, a panel's rows in {@link #narrow}. */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] ROWS = new VectorMask[LANES + 1];
    static {
        for (int h = 0; h <= LANES; h++) {
            ROWS[h] = SPECIES.indexInRange(0, h);
        }
    }
    private static final ThreadLocal<float[]> NARROW_STAGE = ThreadLocal.withInitial(() -> new float[NARROW * LANES]);

    /**
     * A strip's first {@code cols ≤ NARROW} columns, the other way round: the vector runs down the panel's
     * {@code h ≤ LANES} rows (one k's weights lie side by side, so one load takes them) and each column's
     * value is broadcast, one accumulator per column. Where a plane's last strip holds a pixel or few (5×7: 3 of
     * 32; 10×13: 2; 14×14's second block: 4) this does 4 multiply-adds per k where {@link #half12} does 12. Each
     * product is the tile's, {@code a·b}, added in ascending k: the same bits. ResNet-50 at 160×200, batch 1: 5–6%
     * faster (one JVM, alternating; Zen 4, 2 threads).
     */
    private static void narrow(int h, float[] a, int ak, float[] b, int bk, int ldb, int kLen, float[] c, int cOff,
            int ldc, int cols, boolean accumulate) {
        float[] stage = NARROW_STAGE.get();
        FloatVector acc0, acc1, acc2, acc3;
        if (accumulate) {
            // The columns' running sums, transposed into the stage: column j's rows become vector j's lanes.
            for (int j = 0; j < NARROW; j++) {
                for (int r = 0; r < LANES; r++) {
                    stage[j * LANES + r] = j < cols && r < h ? c[cOff + r * ldc + j] : 0f;
                }
            }
            acc0 = FloatVector.fromArray(SPECIES, stage, 0);
            acc1 = FloatVector.fromArray(SPECIES, stage, LANES);
            acc2 = FloatVector.fromArray(SPECIES, stage, 2 * LANES);
            acc3 = FloatVector.fromArray(SPECIES, stage, 3 * LANES);
        } else {
            acc0 = acc1 = acc2 = acc3 = FloatVector.zero(SPECIES);
        }
        // Lanes past h are summed too (the next k's weights) and never stored. Only the last k or few, where a whole
        // vector would read past the array's end, load the panel's rows alone (masked). One accumulator per column
        // that is stored, no more: each is one chain of dependent multiply-adds, and with one column (7×7: 49 =
        // 32 + 16 + 1) four chains took 1.5× as long as one (44 panels, K = 256, in cache).
        int whole = ak + LANES > a.length ? 0 : Math.min(kLen, (a.length - LANES - ak) / h + 1);
        int k = 0;
        if (cols == 1) {
            for (; k < whole; k++, ak += h, bk += ldb) {
                acc0 = FloatVector.fromArray(SPECIES, a, ak).fma(FloatVector.broadcast(SPECIES, b[bk]), acc0);
            }
            for (; k < kLen; k++, ak += h, bk += ldb) {
                acc0 = FloatVector.fromArray(SPECIES, a, ak, ROWS[h]).fma(FloatVector.broadcast(SPECIES, b[bk]), acc0);
            }
        } else if (cols == 2) {
            for (; k < whole; k++, ak += h, bk += ldb) {
                FloatVector w = FloatVector.fromArray(SPECIES, a, ak);
                acc0 = w.fma(FloatVector.broadcast(SPECIES, b[bk]), acc0);
                acc1 = w.fma(FloatVector.broadcast(SPECIES, b[bk + 1]), acc1);
            }
            for (; k < kLen; k++, ak += h, bk += ldb) {
                FloatVector w = FloatVector.fromArray(SPECIES, a, ak, ROWS[h]);
                acc0 = w.fma(FloatVector.broadcast(SPECIES, b[bk]), acc0);
                acc1 = w.fma(FloatVector.broadcast(SPECIES, b[bk + 1]), acc1);
            }
        } else {
            // Columns 3 and 4 both: the fourth lies inside the strip (ldb ≥ NARROW) and is never stored.
            for (; k < whole; k++, ak += h, bk += ldb) {
                FloatVector w = FloatVector.fromArray(SPECIES, a, ak);
                acc0 = w.fma(FloatVector.broadcast(SPECIES, b[bk]), acc0);
                acc1 = w.fma(FloatVector.broadcast(SPECIES, b[bk + 1]), acc1);
                acc2 = w.fma(FloatVector.broadcast(SPECIES, b[bk + 2]), acc2);
                acc3 = w.fma(FloatVector.broadcast(SPECIES, b[bk + 3]), acc3);
            }
            for (; k < kLen; k++, ak += h, bk += ldb) {
                FloatVector w = FloatVector.fromArray(SPECIES, a, ak, ROWS[h]);
                acc0 = w.fma(FloatVector.broadcast(SPECIES, b[bk]), acc0);
                acc1 = w.fma(FloatVector.broadcast(SPECIES, b[bk + 1]), acc1);
                acc2 = w.fma(FloatVector.broadcast(SPECIES, b[bk + 2]), acc2);
                acc3 = w.fma(FloatVector.broadcast(SPECIES, b[bk + 3]), acc3);
            }
        }
        acc0.intoArray(stage, 0);
        acc1.intoArray(stage, LANES);
        acc2.intoArray(stage, 2 * LANES);
        acc3.intoArray(stage, 3 * LANES);
        for (int r = 0; r < h; r++) {
            for (int j = 0; j < cols; j++) {
                c[cOff + r * ldc + j] = stage[j * LANES + r];
            }
        }
    }

    /** 12 rows × the first vector of a strip. */
    private static void half12(float[] a, int ak, float[] b, int bk, int ldb, int kLen, float[] c, int c0, int ldc,
            boolean accumulate) {
        FloatVector acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7, acc8, acc9, acc10, acc11;
        if (accumulate) {
            acc0 = FloatVector.fromArray(SPECIES, c, c0 + 0 * ldc);
            acc1 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc);
            acc2 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc);
            acc3 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc);
            acc4 = FloatVector.fromArray(SPECIES, c, c0 + 4 * ldc);
            acc5 = FloatVector.fromArray(SPECIES, c, c0 + 5 * ldc);
            acc6 = FloatVector.fromArray(SPECIES, c, c0 + 6 * ldc);
            acc7 = FloatVector.fromArray(SPECIES, c, c0 + 7 * ldc);
            acc8 = FloatVector.fromArray(SPECIES, c, c0 + 8 * ldc);
            acc9 = FloatVector.fromArray(SPECIES, c, c0 + 9 * ldc);
            acc10 = FloatVector.fromArray(SPECIES, c, c0 + 10 * ldc);
            acc11 = FloatVector.fromArray(SPECIES, c, c0 + 11 * ldc);
        } else {
            acc0 = acc1 = acc2 = acc3 = acc4 = acc5 = acc6 = acc7 = acc8 = acc9 = acc10 = acc11 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += 12, bk += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            acc0 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 0]), acc0);
            acc1 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 1]), acc1);
            acc2 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 2]), acc2);
            acc3 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 3]), acc3);
            acc4 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 4]), acc4);
            acc5 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 5]), acc5);
            acc6 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 6]), acc6);
            acc7 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 7]), acc7);
            acc8 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 8]), acc8);
            acc9 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 9]), acc9);
            acc10 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 10]), acc10);
            acc11 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 11]), acc11);
        }
        acc0.intoArray(c, c0 + 0 * ldc);
        acc1.intoArray(c, c0 + 1 * ldc);
        acc2.intoArray(c, c0 + 2 * ldc);
        acc3.intoArray(c, c0 + 3 * ldc);
        acc4.intoArray(c, c0 + 4 * ldc);
        acc5.intoArray(c, c0 + 5 * ldc);
        acc6.intoArray(c, c0 + 6 * ldc);
        acc7.intoArray(c, c0 + 7 * ldc);
        acc8.intoArray(c, c0 + 8 * ldc);
        acc9.intoArray(c, c0 + 9 * ldc);
        acc10.intoArray(c, c0 + 10 * ldc);
        acc11.intoArray(c, c0 + 11 * ldc);
    }

    /** 4 rows × the first vector of a strip. */
    private static void half4(float[] a, int ak, float[] b, int bk, int ldb, int kLen, float[] c, int c0, int ldc,
            boolean accumulate) {
        FloatVector acc0, acc1, acc2, acc3;
        if (accumulate) {
            acc0 = FloatVector.fromArray(SPECIES, c, c0 + 0 * ldc);
            acc1 = FloatVector.fromArray(SPECIES, c, c0 + 1 * ldc);
            acc2 = FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc);
            acc3 = FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc);
        } else {
            acc0 = acc1 = acc2 = acc3 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += 4, bk += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            acc0 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 0]), acc0);
            acc1 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 1]), acc1);
            acc2 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 2]), acc2);
            acc3 = b0.fma(FloatVector.broadcast(SPECIES, a[ak + 3]), acc3);
        }
        acc0.intoArray(c, c0 + 0 * ldc);
        acc1.intoArray(c, c0 + 1 * ldc);
        acc2.intoArray(c, c0 + 2 * ldc);
        acc3.intoArray(c, c0 + 3 * ldc);
    }

    /** Two strips' tiles when a strip overhangs the output row: the kernels then work on full strips here. */
    private static final ThreadLocal<float[]> PAIR_STAGE =
            ThreadLocal.withInitial(() -> new float[TALLEST * 2 * STRIP_WIDTH]);

    @Override
    public void tilePair(int h, float[] a, int aOff, float[] b, int bOff, int bOff2, int ldb, int kLen, float[] c, int cOff,
            int ldc, int cols, boolean accumulate, boolean finish, float[] bias, int biasOff, float[] residual,
            int resShift, boolean relu) {
        int tail = cols - STRIP_WIDTH;
        if (TALLEST < 12 || tail < LANES && (h == 12 || h == 4) || tail <= NARROW && h <= LANES) {
            // 6 × 4 accumulators do not fit in AVX2's 16 registers: one strip at a time. And where the second
            // strip holds less than a vector's worth of columns, its tile takes only its first vector, or, for a
            // few columns, the narrow kernel.
            Kernels.super.tilePair(h, a, aOff, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, cols, accumulate, finish, bias,
                    biasOff, residual, resShift, relu);
            return;
        }
        if (cols == 2 * STRIP_WIDTH) {
            multiplyPair(h, a, aOff, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
        } else if (tail <= LANES + NARROW && (h == 12 || h == 4) && ldb >= LANES + NARROW) {
            // A vector past the strip, and maybe a pixel or few past that (7×7: 49 = 32 + 16 + 1).
            multiplyTriple(h, a, aOff, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
            if (tail > LANES) {
                narrow(h, a, aOff, b, bOff2 + LANES, ldb, kLen, c, cOff + STRIP_WIDTH + LANES, ldc, tail - LANES,
                        accumulate);
            }
        } else {
            float[] stage = PAIR_STAGE.get();
            int width = 2 * STRIP_WIDTH;
            if (accumulate) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(c, cOff + r * ldc, stage, r * width, cols);
                }
            }
            multiplyPair(h, a, aOff, b, bOff, bOff2, ldb, kLen, stage, 0, width, accumulate);
            for (int r = 0; r < h; r++) {
                System.arraycopy(stage, r * width, c, cOff + r * ldc, cols);
            }
        }
        if (finish) {
            finish(h, c, cOff, ldc, STRIP_WIDTH, bias, biasOff, residual, resShift, relu);
            finish(h, c, cOff + STRIP_WIDTH, ldc, cols - STRIP_WIDTH, bias, biasOff, residual, resShift, relu);
        }
    }

    /**
     * Full strip pairs only. A 12-row panel runs as two 6-row halves, each broadcasting its 6 of every k's 12
     * weights: 6 × 4 accumulators, 4 strip vectors and a broadcast fill 29 of AVX-512's 32 registers, and each
     * broadcast feeds 4 multiply-adds instead of 2. Broadcasts compete with multiply-adds for the vector ports: on
     * Sapphire Rapids the 6 × 4 tile ran 1.10–1.16× faster than the 12 × 2 one with the weights in cache (K = 64,
     * 256, best of 24 alternating runs).
     */
    private static void multiplyPair(int h, float[] a, int aOff, float[] b, int bOff, int bOff2, int ldb, int kLen,
            float[] c, int cOff, int ldc, boolean accumulate) {
        switch (h) {
            case 12 -> {
                pair6(a, aOff, 12, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
                pair6(a, aOff + 6, 12, b, bOff, bOff2, ldb, kLen, c, cOff + 6 * ldc, ldc, accumulate);
            }
            case 6 -> pair6(a, aOff, 6, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
            case 4 -> pair4(a, aOff, 4, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
            case 1 -> pair1(a, aOff, 1, b, bOff, bOff2, ldb, kLen, c, cOff, ldc, accumulate);
            default -> throw new IllegalArgumentException("panel height " + h);
        }
    }

    /**
     * Full strips only. The kernels take no helper calls: a vector passed to or returned from a method that the
     * JIT does not inline is boxed, and a boxed accumulator costs an allocation per k.
     */
    private static void multiply(int h, float[] a, int aOff, float[] b, int bOff, int ldb, int kLen, float[] c, int cOff,
            int ldc, boolean accumulate) {
        switch (h) {
            case 12 -> tile12(a, aOff, b, bOff, ldb, kLen, c, cOff, ldc, accumulate);
            case 6 -> tile6(a, aOff, b, bOff, ldb, kLen, c, cOff, ldc, accumulate);
            case 4 -> tile4(a, aOff, b, bOff, ldb, kLen, c, cOff, ldc, accumulate);
            case 1 -> tile1(a, aOff, b, bOff, ldb, kLen, c, cOff, ldc, accumulate);
            default -> throw new IllegalArgumentException("panel height " + h);
        }
    }

    /*
     * The register tiles. A panel is k-major: the h weights of one k side by side, so the broadcasts of every k
     * read one sequential stream (h row streams, hundreds of bytes apart, ran 1.35× slower once the weights came
     * from memory, as they do at batch 1). Accumulators start from the earlier K slices' sum, so every element is
     * one ascending-k chain however K is sliced, and every tile gives the same sums in the same order.
     */

    /** 12 rows × one strip, where there are 32 vector registers (AVX-512): 24 accumulators. */
    private static void tile12(float[] a, int ak, float[] b, int bk, int ldb, int kLen, float[] c, int c0, int ldc,
            boolean accumulate) {
        FloatVector acc00, acc01, acc10, acc11, acc20, acc21, acc30, acc31, acc40, acc41, acc50, acc51, acc60, acc61, acc70, acc71, acc80, acc81, acc90, acc91, acca0, acca1, accb0, accb1;
        if (accumulate) {
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            int c4 = c3 + ldc;
            int c5 = c4 + ldc;
            int c6 = c5 + ldc;
            int c7 = c6 + ldc;
            int c8 = c7 + ldc;
            int c9 = c8 + ldc;
            int ca = c9 + ldc;
            int cb = ca + ldc;
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c1);
            acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c2);
            acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c3);
            acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
            acc40 = FloatVector.fromArray(SPECIES, c, c4);
            acc41 = FloatVector.fromArray(SPECIES, c, c4 + LANES);
            acc50 = FloatVector.fromArray(SPECIES, c, c5);
            acc51 = FloatVector.fromArray(SPECIES, c, c5 + LANES);
            acc60 = FloatVector.fromArray(SPECIES, c, c6);
            acc61 = FloatVector.fromArray(SPECIES, c, c6 + LANES);
            acc70 = FloatVector.fromArray(SPECIES, c, c7);
            acc71 = FloatVector.fromArray(SPECIES, c, c7 + LANES);
            acc80 = FloatVector.fromArray(SPECIES, c, c8);
            acc81 = FloatVector.fromArray(SPECIES, c, c8 + LANES);
            acc90 = FloatVector.fromArray(SPECIES, c, c9);
            acc91 = FloatVector.fromArray(SPECIES, c, c9 + LANES);
            acca0 = FloatVector.fromArray(SPECIES, c, ca);
            acca1 = FloatVector.fromArray(SPECIES, c, ca + LANES);
            accb0 = FloatVector.fromArray(SPECIES, c, cb);
            accb1 = FloatVector.fromArray(SPECIES, c, cb + LANES);
        } else {
            acc00 = acc01 = acc10 = acc11 = acc20 = acc21 = acc30 = acc31 = acc40 = acc41 = acc50 = acc51 = acc60 = acc61 = acc70 = acc71 = acc80 = acc81 = acc90 = acc91 = acca0 = acca1 = accb0 = accb1 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += 12, bk += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            x = FloatVector.broadcast(SPECIES, a[ak + 2]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            x = FloatVector.broadcast(SPECIES, a[ak + 3]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
            x = FloatVector.broadcast(SPECIES, a[ak + 4]);
            acc40 = b0.fma(x, acc40);
            acc41 = b1.fma(x, acc41);
            x = FloatVector.broadcast(SPECIES, a[ak + 5]);
            acc50 = b0.fma(x, acc50);
            acc51 = b1.fma(x, acc51);
            x = FloatVector.broadcast(SPECIES, a[ak + 6]);
            acc60 = b0.fma(x, acc60);
            acc61 = b1.fma(x, acc61);
            x = FloatVector.broadcast(SPECIES, a[ak + 7]);
            acc70 = b0.fma(x, acc70);
            acc71 = b1.fma(x, acc71);
            x = FloatVector.broadcast(SPECIES, a[ak + 8]);
            acc80 = b0.fma(x, acc80);
            acc81 = b1.fma(x, acc81);
            x = FloatVector.broadcast(SPECIES, a[ak + 9]);
            acc90 = b0.fma(x, acc90);
            acc91 = b1.fma(x, acc91);
            x = FloatVector.broadcast(SPECIES, a[ak + 10]);
            acca0 = b0.fma(x, acca0);
            acca1 = b1.fma(x, acca1);
            x = FloatVector.broadcast(SPECIES, a[ak + 11]);
            accb0 = b0.fma(x, accb0);
            accb1 = b1.fma(x, accb1);
        }
        // Offsets computed again here, not kept from the loads: see pair6.
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        int c8 = c7 + ldc;
        int c9 = c8 + ldc;
        int ca = c9 + ldc;
        int cb = ca + ldc;
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + LANES);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + LANES);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + LANES);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + LANES);
        acc40.intoArray(c, c4);
        acc41.intoArray(c, c4 + LANES);
        acc50.intoArray(c, c5);
        acc51.intoArray(c, c5 + LANES);
        acc60.intoArray(c, c6);
        acc61.intoArray(c, c6 + LANES);
        acc70.intoArray(c, c7);
        acc71.intoArray(c, c7 + LANES);
        acc80.intoArray(c, c8);
        acc81.intoArray(c, c8 + LANES);
        acc90.intoArray(c, c9);
        acc91.intoArray(c, c9 + LANES);
        acca0.intoArray(c, ca);
        acca1.intoArray(c, ca + LANES);
        accb0.intoArray(c, cb);
        accb1.intoArray(c, cb + LANES);
    }

    /** 6 rows × one strip: the main tile where there are 16 vector registers (AVX2), 12 accumulators. */
    private static void tile6(float[] a, int ak, float[] b, int bk, int ldb, int kLen, float[] c, int c0, int ldc,
            boolean accumulate) {
        FloatVector acc00, acc01, acc10, acc11, acc20, acc21, acc30, acc31, acc40, acc41, acc50, acc51;
        if (accumulate) {
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            int c4 = c3 + ldc;
            int c5 = c4 + ldc;
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c1);
            acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c2);
            acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c3);
            acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
            acc40 = FloatVector.fromArray(SPECIES, c, c4);
            acc41 = FloatVector.fromArray(SPECIES, c, c4 + LANES);
            acc50 = FloatVector.fromArray(SPECIES, c, c5);
            acc51 = FloatVector.fromArray(SPECIES, c, c5 + LANES);
        } else {
            acc00 = acc01 = acc10 = acc11 = acc20 = acc21 = acc30 = acc31 = acc40 = acc41 = acc50 = acc51 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += 6, bk += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            x = FloatVector.broadcast(SPECIES, a[ak + 2]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            x = FloatVector.broadcast(SPECIES, a[ak + 3]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
            x = FloatVector.broadcast(SPECIES, a[ak + 4]);
            acc40 = b0.fma(x, acc40);
            acc41 = b1.fma(x, acc41);
            x = FloatVector.broadcast(SPECIES, a[ak + 5]);
            acc50 = b0.fma(x, acc50);
            acc51 = b1.fma(x, acc51);
        }
        // Offsets computed again here, not kept from the loads: see pair6.
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + LANES);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + LANES);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + LANES);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + LANES);
        acc40.intoArray(c, c4);
        acc41.intoArray(c, c4 + LANES);
        acc50.intoArray(c, c5);
        acc51.intoArray(c, c5 + LANES);
    }

    /** 4 rows × one strip: panels of groups whose row count is not a multiple of 6. */
    private static void tile4(float[] a, int ak, float[] b, int bk, int ldb, int kLen, float[] c, int c0, int ldc,
            boolean accumulate) {
        FloatVector acc00, acc01, acc10, acc11, acc20, acc21, acc30, acc31;
        if (accumulate) {
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c1);
            acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c2);
            acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c3);
            acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
        } else {
            acc00 = acc01 = acc10 = acc11 = acc20 = acc21 = acc30 = acc31 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += 4, bk += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            x = FloatVector.broadcast(SPECIES, a[ak + 2]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            x = FloatVector.broadcast(SPECIES, a[ak + 3]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
        }
        // Offsets computed again here, not kept from the loads: see pair6.
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + LANES);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + LANES);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + LANES);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + LANES);
    }

    /** A single row × one strip: what is left of a group after its taller panels. */
    private static void tile1(float[] a, int ak, float[] b, int bk, int ldb, int kLen, float[] c, int c0, int ldc,
            boolean accumulate) {
        FloatVector acc00, acc01;
        if (accumulate) {
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
        } else {
            acc00 = acc01 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += 1, bk += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
        }
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + LANES);
    }

    /** 6 rows × two strips (4 vectors), the weights {@code aStride} apart per k: 12-row panels run as two of these. */
    private static void pair6(float[] a, int ak, int aStride, float[] b, int bk, int bk2, int ldb, int kLen, float[] c,
            int c0, int ldc, boolean accumulate) {
        FloatVector acc00, acc01, acc02, acc03, acc10, acc11, acc12, acc13, acc20, acc21, acc22, acc23, acc30, acc31, acc32, acc33, acc40, acc41, acc42, acc43, acc50, acc51, acc52, acc53;
        if (accumulate) {
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            int c4 = c3 + ldc;
            int c5 = c4 + ldc;
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + 1 * LANES);
            acc02 = FloatVector.fromArray(SPECIES, c, c0 + 2 * LANES);
            acc03 = FloatVector.fromArray(SPECIES, c, c0 + 3 * LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c1);
            acc11 = FloatVector.fromArray(SPECIES, c, c1 + 1 * LANES);
            acc12 = FloatVector.fromArray(SPECIES, c, c1 + 2 * LANES);
            acc13 = FloatVector.fromArray(SPECIES, c, c1 + 3 * LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c2);
            acc21 = FloatVector.fromArray(SPECIES, c, c2 + 1 * LANES);
            acc22 = FloatVector.fromArray(SPECIES, c, c2 + 2 * LANES);
            acc23 = FloatVector.fromArray(SPECIES, c, c2 + 3 * LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c3);
            acc31 = FloatVector.fromArray(SPECIES, c, c3 + 1 * LANES);
            acc32 = FloatVector.fromArray(SPECIES, c, c3 + 2 * LANES);
            acc33 = FloatVector.fromArray(SPECIES, c, c3 + 3 * LANES);
            acc40 = FloatVector.fromArray(SPECIES, c, c4);
            acc41 = FloatVector.fromArray(SPECIES, c, c4 + 1 * LANES);
            acc42 = FloatVector.fromArray(SPECIES, c, c4 + 2 * LANES);
            acc43 = FloatVector.fromArray(SPECIES, c, c4 + 3 * LANES);
            acc50 = FloatVector.fromArray(SPECIES, c, c5);
            acc51 = FloatVector.fromArray(SPECIES, c, c5 + 1 * LANES);
            acc52 = FloatVector.fromArray(SPECIES, c, c5 + 2 * LANES);
            acc53 = FloatVector.fromArray(SPECIES, c, c5 + 3 * LANES);
        } else {
            acc00 = acc01 = acc02 = acc03 = acc10 = acc11 = acc12 = acc13 = acc20 = acc21 = acc22 = acc23 = acc30 = acc31 = acc32 = acc33 = acc40 = acc41 = acc42 = acc43 = acc50 = acc51 = acc52 = acc53 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += aStride, bk += ldb, bk2 += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bk2);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bk2 + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            acc02 = b2.fma(x, acc02);
            acc03 = b3.fma(x, acc03);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            acc12 = b2.fma(x, acc12);
            acc13 = b3.fma(x, acc13);
            x = FloatVector.broadcast(SPECIES, a[ak + 2]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            acc22 = b2.fma(x, acc22);
            acc23 = b3.fma(x, acc23);
            x = FloatVector.broadcast(SPECIES, a[ak + 3]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
            acc32 = b2.fma(x, acc32);
            acc33 = b3.fma(x, acc33);
            x = FloatVector.broadcast(SPECIES, a[ak + 4]);
            acc40 = b0.fma(x, acc40);
            acc41 = b1.fma(x, acc41);
            acc42 = b2.fma(x, acc42);
            acc43 = b3.fma(x, acc43);
            x = FloatVector.broadcast(SPECIES, a[ak + 5]);
            acc50 = b0.fma(x, acc50);
            acc51 = b1.fma(x, acc51);
            acc52 = b2.fma(x, acc52);
            acc53 = b3.fma(x, acc53);
        }
        // The rows' offsets again, not kept from the loads: live through the loop, they took 5 of the general
        // registers its indices need, and C2 spilled the strides to the stack, reloading them every k.
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + 1 * LANES);
        acc02.intoArray(c, c0 + 2 * LANES);
        acc03.intoArray(c, c0 + 3 * LANES);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + 1 * LANES);
        acc12.intoArray(c, c1 + 2 * LANES);
        acc13.intoArray(c, c1 + 3 * LANES);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + 1 * LANES);
        acc22.intoArray(c, c2 + 2 * LANES);
        acc23.intoArray(c, c2 + 3 * LANES);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + 1 * LANES);
        acc32.intoArray(c, c3 + 2 * LANES);
        acc33.intoArray(c, c3 + 3 * LANES);
        acc40.intoArray(c, c4);
        acc41.intoArray(c, c4 + 1 * LANES);
        acc42.intoArray(c, c4 + 2 * LANES);
        acc43.intoArray(c, c4 + 3 * LANES);
        acc50.intoArray(c, c5);
        acc51.intoArray(c, c5 + 1 * LANES);
        acc52.intoArray(c, c5 + 2 * LANES);
        acc53.intoArray(c, c5 + 3 * LANES);
    }

    /** 4 rows × two strips. */
    private static void pair4(float[] a, int ak, int aStride, float[] b, int bk, int bk2, int ldb, int kLen, float[] c,
            int c0, int ldc, boolean accumulate) {
        FloatVector acc00, acc01, acc02, acc03, acc10, acc11, acc12, acc13, acc20, acc21, acc22, acc23, acc30, acc31, acc32, acc33;
        if (accumulate) {
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + 1 * LANES);
            acc02 = FloatVector.fromArray(SPECIES, c, c0 + 2 * LANES);
            acc03 = FloatVector.fromArray(SPECIES, c, c0 + 3 * LANES);
            acc10 = FloatVector.fromArray(SPECIES, c, c1);
            acc11 = FloatVector.fromArray(SPECIES, c, c1 + 1 * LANES);
            acc12 = FloatVector.fromArray(SPECIES, c, c1 + 2 * LANES);
            acc13 = FloatVector.fromArray(SPECIES, c, c1 + 3 * LANES);
            acc20 = FloatVector.fromArray(SPECIES, c, c2);
            acc21 = FloatVector.fromArray(SPECIES, c, c2 + 1 * LANES);
            acc22 = FloatVector.fromArray(SPECIES, c, c2 + 2 * LANES);
            acc23 = FloatVector.fromArray(SPECIES, c, c2 + 3 * LANES);
            acc30 = FloatVector.fromArray(SPECIES, c, c3);
            acc31 = FloatVector.fromArray(SPECIES, c, c3 + 1 * LANES);
            acc32 = FloatVector.fromArray(SPECIES, c, c3 + 2 * LANES);
            acc33 = FloatVector.fromArray(SPECIES, c, c3 + 3 * LANES);
        } else {
            acc00 = acc01 = acc02 = acc03 = acc10 = acc11 = acc12 = acc13 = acc20 = acc21 = acc22 = acc23 = acc30 = acc31 = acc32 = acc33 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += aStride, bk += ldb, bk2 += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bk2);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bk2 + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            acc02 = b2.fma(x, acc02);
            acc03 = b3.fma(x, acc03);
            x = FloatVector.broadcast(SPECIES, a[ak + 1]);
            acc10 = b0.fma(x, acc10);
            acc11 = b1.fma(x, acc11);
            acc12 = b2.fma(x, acc12);
            acc13 = b3.fma(x, acc13);
            x = FloatVector.broadcast(SPECIES, a[ak + 2]);
            acc20 = b0.fma(x, acc20);
            acc21 = b1.fma(x, acc21);
            acc22 = b2.fma(x, acc22);
            acc23 = b3.fma(x, acc23);
            x = FloatVector.broadcast(SPECIES, a[ak + 3]);
            acc30 = b0.fma(x, acc30);
            acc31 = b1.fma(x, acc31);
            acc32 = b2.fma(x, acc32);
            acc33 = b3.fma(x, acc33);
        }
        // Offsets computed again here, not kept from the loads: see pair6.
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + 1 * LANES);
        acc02.intoArray(c, c0 + 2 * LANES);
        acc03.intoArray(c, c0 + 3 * LANES);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + 1 * LANES);
        acc12.intoArray(c, c1 + 2 * LANES);
        acc13.intoArray(c, c1 + 3 * LANES);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + 1 * LANES);
        acc22.intoArray(c, c2 + 2 * LANES);
        acc23.intoArray(c, c2 + 3 * LANES);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + 1 * LANES);
        acc32.intoArray(c, c3 + 2 * LANES);
        acc33.intoArray(c, c3 + 3 * LANES);
    }

    /** A single row × two strips. */
    private static void pair1(float[] a, int ak, int aStride, float[] b, int bk, int bk2, int ldb, int kLen, float[] c,
            int c0, int ldc, boolean accumulate) {
        FloatVector acc00, acc01, acc02, acc03;
        if (accumulate) {
            acc00 = FloatVector.fromArray(SPECIES, c, c0);
            acc01 = FloatVector.fromArray(SPECIES, c, c0 + 1 * LANES);
            acc02 = FloatVector.fromArray(SPECIES, c, c0 + 2 * LANES);
            acc03 = FloatVector.fromArray(SPECIES, c, c0 + 3 * LANES);
        } else {
            acc00 = acc01 = acc02 = acc03 = FloatVector.zero(SPECIES);
        }
        for (int k = 0; k < kLen; k++, ak += aStride, bk += ldb, bk2 += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bk2);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bk2 + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ak]);
            acc00 = b0.fma(x, acc00);
            acc01 = b1.fma(x, acc01);
            acc02 = b2.fma(x, acc02);
            acc03 = b3.fma(x, acc03);
        }
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + 1 * LANES);
        acc02.intoArray(c, c0 + 2 * LANES);
        acc03.intoArray(c, c0 + 3 * LANES);
    }

    /** The tails too short for one vector. */
    private static final ScalarKernels SCALAR = new ScalarKernels("tails");

    /** Lane j takes lane 2j of the pair (v0, v1): positions ≥ LANES are the second vector's. */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(SPECIES, j -> 2 * j);
    private static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(SPECIES, j -> 2 * j + 1);
    /** Lane j takes lane j/2 of the first vector (j even) or of the second (j odd); the upper half from lane LANES/2 on. */
    private static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(SPECIES, j -> (j >> 1) + ((j & 1) == 0 ? 0 : LANES));
    private static final VectorShuffle<Float> ZIP_HIGH =
            VectorShuffle.fromOp(SPECIES, j -> LANES / 2 + (j >> 1) + ((j & 1) == 0 ? 0 : LANES));

    /** Half vectors for rows too short for a whole one (7-15 values: 14×14 and 28×28 planes split by two). */
    private static final VectorSpecies<Float> HALF = FloatVector.SPECIES_256;
    private static final VectorShuffle<Float> HALF_EVENS = VectorShuffle.fromOp(HALF, j -> 2 * j);
    private static final VectorShuffle<Float> HALF_ODDS = VectorShuffle.fromOp(HALF, j -> 2 * j + 1);

    @Override
    public void deinterleave(float[] x, int xOff, int n, float[] even, int evenOff, float[] odd, int oddOff) {
        if (n < LANES) {
            int half = HALF.length();
            if (LANES > half && n >= half) {
                for (int next = 0; next < n; next += half) {
                    int i = Math.min(next, n - half);
                    FloatVector v0 = FloatVector.fromArray(HALF, x, xOff + 2 * i);
                    FloatVector v1 = FloatVector.fromArray(HALF, x, xOff + 2 * i + half);
                    v0.rearrange(HALF_EVENS, v1).intoArray(even, evenOff + i);
                    v0.rearrange(HALF_ODDS, v1).intoArray(odd, oddOff + i);
                }
            } else {
                SCALAR.deinterleave(x, xOff, n, even, evenOff, odd, oddOff);
            }
            return;
        }
        for (int next = 0; next < n; next += LANES) {
            int i = Math.min(next, n - LANES); // a copy: the last vector may overlap the one before
            FloatVector v0 = FloatVector.fromArray(SPECIES, x, xOff + 2 * i);
            FloatVector v1 = FloatVector.fromArray(SPECIES, x, xOff + 2 * i + LANES);
            v0.rearrange(EVENS, v1).intoArray(even, evenOff + i);
            v0.rearrange(ODDS, v1).intoArray(odd, oddOff + i);
        }
    }

    @Override
    public void interleave(float[] even, int evenOff, float[] odd, int oddOff, int len, float shift, float[] residual,
            int resOff, boolean relu, float[] out, int outOff) {
        if (len < 2 * LANES) {
            if (LANES > HALF.length() && len >= 2 * HALF.length()) {
                interleaveHalves(even, evenOff, odd, oddOff, len, shift, residual, resOff, relu, out, outOff);
            } else {
                SCALAR.interleave(even, evenOff, odd, oddOff, len, shift, residual, resOff, relu, out, outOff);
            }
            return;
        }
        FloatVector vShift = FloatVector.broadcast(SPECIES, shift);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int next = 0; next < len; next += 2 * LANES) {
            // Even, so that out[q] comes from even[q / 2]. The last pair of vectors may overlap the one before and
            // write its values again from the same inputs: the output is never its own residual (the memory plan
            // places a step's output before it frees the step's inputs) and even/odd are scratch.
            int q = Math.min(next, (len - 2 * LANES) & ~1);
            FloatVector e = FloatVector.fromArray(SPECIES, even, evenOff + q / 2);
            FloatVector o = FloatVector.fromArray(SPECIES, odd, oddOff + q / 2);
            FloatVector low = e.rearrange(ZIP_LOW, o).add(vShift);
            FloatVector high = e.rearrange(ZIP_HIGH, o).add(vShift);
            if (residual != null) {
                low = low.add(FloatVector.fromArray(SPECIES, residual, resOff + q));
                high = high.add(FloatVector.fromArray(SPECIES, residual, resOff + q + LANES));
            }
            if (relu) {
                low = low.max(zero);
                high = high.max(zero);
            }
            low.intoArray(out, outOff + q);
            high.intoArray(out, outOff + q + LANES);
        }
        if ((len & 1) != 0) {
            SCALAR.interleave(even, evenOff + len / 2, odd, oddOff + len / 2, 1, shift, residual, resOff + len - 1,
                    relu, out, outOff + len - 1); // an odd length's last value, past the last pair
        }
    }

    private static final VectorShuffle<Float> HALF_ZIP_LOW =
            VectorShuffle.fromOp(HALF, j -> (j >> 1) + ((j & 1) == 0 ? 0 : HALF.length()));
    private static final VectorShuffle<Float> HALF_ZIP_HIGH =
            VectorShuffle.fromOp(HALF, j -> HALF.length() / 2 + (j >> 1) + ((j & 1) == 0 ? 0 : HALF.length()));

    /**
     * {@link #interleave} on half vectors, for rows too short for whole ones (16–31 values: Winograd's output rows
     * on 28×28 planes, which ran scalar). Same operations lane by lane, the last pair overlapping as above.
     */
    private static void interleaveHalves(float[] even, int evenOff, float[] odd, int oddOff, int len, float shift,
            float[] residual, int resOff, boolean relu, float[] out, int outOff) {
        int lanes = HALF.length();
        FloatVector vShift = FloatVector.broadcast(HALF, shift);
        FloatVector zero = FloatVector.zero(HALF);
        for (int next = 0; next < len; next += 2 * lanes) {
            int q = Math.min(next, (len - 2 * lanes) & ~1);
            FloatVector e = FloatVector.fromArray(HALF, even, evenOff + q / 2);
            FloatVector o = FloatVector.fromArray(HALF, odd, oddOff + q / 2);
            FloatVector low = e.rearrange(HALF_ZIP_LOW, o).add(vShift);
            FloatVector high = e.rearrange(HALF_ZIP_HIGH, o).add(vShift);
            if (residual != null) {
                low = low.add(FloatVector.fromArray(HALF, residual, resOff + q));
                high = high.add(FloatVector.fromArray(HALF, residual, resOff + q + lanes));
            }
            if (relu) {
                low = low.max(zero);
                high = high.max(zero);
            }
            low.intoArray(out, outOff + q);
            high.intoArray(out, outOff + q + lanes);
        }
        if ((len & 1) != 0) {
            SCALAR.interleave(even, evenOff + len / 2, odd, oddOff + len / 2, 1, shift, residual, resOff + len - 1,
                    relu, out, outOff + len - 1);
        }
    }

    @Override
    public void gather(float[] x, int xOff, int[] index, int indexOff, float[] out, int outOff, int n) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOff, index, indexOff + i).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + index[indexOff + i]];
        }
    }

    @Override
    public void max3(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] out, int outOff, int len) {
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += LANES) {
            // FloatVector.max is Math.max lane by lane: NaN wins, +0 beats −0.
            FloatVector.fromArray(SPECIES, a, aOff + i).max(FloatVector.fromArray(SPECIES, b, bOff + i))
                    .max(FloatVector.fromArray(SPECIES, c, cOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.max(Math.max(a[aOff + i], b[bOff + i]), c[cOff + i]);
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += LANES) {
            acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
        }
        // Not reduceLanes(ADD): its order is unspecified, and the interpreter's and C2's orders differ, so the
        // same input gave different bits before and after JIT compilation. Summing the lanes in index order doesn't.
        float sum = 0f;
        for (int lane = 0; lane < LANES; lane++) {
            sum += acc.lane(lane);
        }
        for (; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /**
     * Four weight rows × four inputs at a time: 16 independent chains, each weight and input vector loaded once for
     * four of them. One {@link #dot} at a time waited on its chain's latency every step and read the inputs from
     * L2 once per weight row (64 KB a row at batch 8 for ResNet-50's classifier). Each chain is {@link #dot}'s: the
     * same lane-wise sums, lanes summed in index order, then the tail.
     */
    @Override
    public void dotBlock(float[] x, int xOff, int inputs, float[] w, int wOff, int rows, int len, float[] bias,
            int biasOff, float[] y, int yOff, int ldy) {
        int bound = SPECIES.loopBound(len);
        float[] sums = DOT_LANES.get();
        for (int r = 0; r < rows; r += 4) {
            for (int j = 0; j < inputs; j += 4) {
                if (r + 4 > rows || j + 4 > inputs) {
                    for (int rr = r; rr < Math.min(rows, r + 4); rr++) {
                        for (int jj = j; jj < Math.min(inputs, j + 4); jj++) {
                            y[yOff + jj * ldy + rr] = dot(x, xOff + jj * len, w, wOff + rr * len, len) + bias[biasOff + rr];
                        }
                    }
                    continue;
                }
                dot4x4(x, xOff + j * len, w, wOff + r * len, len, bound, sums);
                for (int q = 0; q < 16; q++) {
                    y[yOff + (j + q % 4) * ldy + r + q / 4] = sums[q] + bias[biasOff + r + q / 4];
                }
            }
        }
    }

    /** {@link #dotBlock}'s 16 accumulators' lanes, then its 16 sums: per thread, so that a run allocates nothing. */
    private static final ThreadLocal<float[]> DOT_LANES = ThreadLocal.withInitial(() -> new float[17 * LANES]);

    /**
     * sums[4·row + input] for four weight rows and four inputs, {@code len} apart; the accumulators go through
     * {@code sums} lane by lane (a vector array or a helper taking vectors would box them).
     */
    private static void dot4x4(float[] x, int x0, float[] w, int w0, int len, int bound, float[] sums) {
        int x1 = x0 + len, x2 = x1 + len, x3 = x2 + len;
        int w1 = w0 + len, w2 = w1 + len, w3 = w2 + len;
        FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00,
                a13 = a00, a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int i = 0; i < bound; i += LANES) {
            FloatVector v0 = FloatVector.fromArray(SPECIES, x, x0 + i);
            FloatVector v1 = FloatVector.fromArray(SPECIES, x, x1 + i);
            FloatVector v2 = FloatVector.fromArray(SPECIES, x, x2 + i);
            FloatVector v3 = FloatVector.fromArray(SPECIES, x, x3 + i);
            FloatVector u = FloatVector.fromArray(SPECIES, w, w0 + i);
            a00 = v0.fma(u, a00);
            a01 = v1.fma(u, a01);
            a02 = v2.fma(u, a02);
            a03 = v3.fma(u, a03);
            u = FloatVector.fromArray(SPECIES, w, w1 + i);
            a10 = v0.fma(u, a10);
            a11 = v1.fma(u, a11);
            a12 = v2.fma(u, a12);
            a13 = v3.fma(u, a13);
            u = FloatVector.fromArray(SPECIES, w, w2 + i);
            a20 = v0.fma(u, a20);
            a21 = v1.fma(u, a21);
            a22 = v2.fma(u, a22);
            a23 = v3.fma(u, a23);
            u = FloatVector.fromArray(SPECIES, w, w3 + i);
            a30 = v0.fma(u, a30);
            a31 = v1.fma(u, a31);
            a32 = v2.fma(u, a32);
            a33 = v3.fma(u, a33);
        }
        int lanes = LANES; // the 16 accumulators from sums[LANES] on, the sums themselves at sums[0, 16)
        a00.intoArray(sums, lanes);
        a01.intoArray(sums, 2 * lanes);
        a02.intoArray(sums, 3 * lanes);
        a03.intoArray(sums, 4 * lanes);
        a10.intoArray(sums, 5 * lanes);
        a11.intoArray(sums, 6 * lanes);
        a12.intoArray(sums, 7 * lanes);
        a13.intoArray(sums, 8 * lanes);
        a20.intoArray(sums, 9 * lanes);
        a21.intoArray(sums, 10 * lanes);
        a22.intoArray(sums, 11 * lanes);
        a23.intoArray(sums, 12 * lanes);
        a30.intoArray(sums, 13 * lanes);
        a31.intoArray(sums, 14 * lanes);
        a32.intoArray(sums, 15 * lanes);
        a33.intoArray(sums, 16 * lanes);
        for (int q = 0; q < 16; q++) {
            float sum = 0f;
            for (int lane = 0; lane < lanes; lane++) {
                sum += sums[(q + 1) * lanes + lane];
            }
            int xi = x0 + (q % 4) * len, wi = w0 + (q / 4) * len;
            for (int i = bound; i < len; i++) {
                sum += x[xi + i] * w[wi + i];
            }
            sums[q] = sum;
        }
    }

    @Override
    public void affine(float[] src, int srcOff, float scale, float shift, float[] residual, int resOff, boolean relu,
            float[] dst, int dstOff, int len) {
        FloatVector vScale = FloatVector.broadcast(SPECIES, scale);
        FloatVector vShift = FloatVector.broadcast(SPECIES, shift);
        FloatVector zero = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(len);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, src, srcOff + i).fma(vScale, vShift);
            if (residual != null) {
                v = v.add(FloatVector.fromArray(SPECIES, residual, resOff + i));
            }
            if (relu) {
                v = v.max(zero);
            }
            v.intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            float v = Math.fma(src[srcOff + i], scale, shift);
            if (residual != null) {
                v += residual[resOff + i];
            }
            dst[dstOff + i] = relu ? Kernels.relu(v) : v;
        }
    }
}
