package io.attendspark.models.draw;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Oracles for the filterbank of eqs. (19)–(29): row sums, grid centre and stride, σ², identity read/write. */
class DrawFilterBankTest {

    private static final double ROW_SUM_TOL = 1e-6;
    private static final double MOMENT_TOL = 1e-3;

    /** Evaluates F_X, F_Y, γ of every head for the constant attention parameters {@code attn}. */
    private static Map<String, INDArray> filters(double[][] attn, int[] ns, int height, int width) {
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.constant("attn", Nd4j.create(attn).castTo(DataType.DOUBLE));
        DrawFilterBank fb = new DrawFilterBank(sd, "fb", DataType.DOUBLE, ns, height, width);
        DrawFilterBank.Head[] heads = fb.define(a);
        String[] names = new String[3 * heads.length];
        for (int h = 0; h < heads.length; h++) {
            names[3 * h] = sd.identity("fx" + h, heads[h].fx()).name();
            names[3 * h + 1] = sd.identity("fy" + h, heads[h].fy()).name();
            names[3 * h + 2] = sd.identity("gamma" + h, heads[h].gamma()).name();
        }
        return sd.output(Map.of(), names);
    }

    private static double[] head(double gxTilde, double gyTilde, double logSigma2, double logDeltaTilde, double logGamma) {
        return new double[]{gxTilde, gyTilde, logSigma2, logDeltaTilde, logGamma};
    }

    @Test
    void rowsSumToOneForEveryHeadOnANonSquareImage() {
        double[][] attn = {concat(head(0.1, -0.2, 0.3, -0.7, 0.0), head(-0.4, 0.5, 0.0, -0.5, 0.1)),
                concat(head(0.0, 0.0, 0.0, 0.0, 0.0), head(0.3, 0.3, 1.5, -2.0, -0.3))};
        Map<String, INDArray> f = filters(attn, new int[]{5, 2}, 13, 17);
        assertArrayEquals(new long[]{2, 5, 17}, f.get("fx0").shape());
        assertArrayEquals(new long[]{2, 5, 13}, f.get("fy0").shape());
        assertArrayEquals(new long[]{2, 2, 17}, f.get("fx1").shape());
        assertArrayEquals(new long[]{2, 2, 13}, f.get("fy1").shape());
        for (String k : new String[]{"fx0", "fy0", "fx1", "fy1"}) {
            INDArray sums = f.get(k).sum(2);
            for (int i = 0; i < sums.length(); i++) {
                assertEquals(1.0, sums.getDouble(i), ROW_SUM_TOL, k + " row " + i);
            }
            assertTrue(f.get(k).minNumber().doubleValue() >= 0, k + " has negative weights");
        }
        assertEquals(Math.exp(0.1), f.get("gamma1").getDouble(0, 0), 1e-12);
    }

    /**
     * Width A = 32, height B = 28, N = 3, σ² = 2: g̃_X = 16/16.5 − 1 puts g_X at pixel 16 (eq. 19),
     * g̃_Y = 13/14.5 − 1 puts g_Y at 13 (eq. 20), δ̃ = 8/31 makes δ = (32 − 1)/(3 − 1)·δ̃ = 4 (eq. 21), so the
     * filter means must be 12, 16, 20 and 9, 13, 17 (eqs. 22–23, 1-based pixels) and each variance 2 (eqs. 25–26).
     */
    @Test
    void gridCentreStrideAndVarianceAreThePapers() {
        double[][] attn = {head(16 / 16.5 - 1, 13 / 14.5 - 1, Math.log(2.0), Math.log(8.0 / 31), 0.0)};
        Map<String, INDArray> f = filters(attn, new int[]{3}, 28, 32);
        double[] expectedX = {12, 16, 20};
        double[] expectedY = {9, 13, 17};
        for (int i = 0; i < 3; i++) {
            assertMoments(f.get("fx0"), i, expectedX[i], 2.0);
            assertMoments(f.get("fy0"), i, expectedY[i], 2.0);
        }
        // the window as reported for pictures: 0-based centre and the stride
        SameDiff sd = SameDiff.create();
        SDVariable w = DrawFilterBank.window(sd, sd.constant(Nd4j.create(attn).castTo(DataType.DOUBLE)), 1, 0, 3, 28, 32);
        INDArray win = w.eval();
        assertEquals(15.0, win.getDouble(0, 0), 1e-9);
        assertEquals(12.0, win.getDouble(0, 1), 1e-9);
        assertEquals(4.0, win.getDouble(0, 2), 1e-9);
    }

    private static void assertMoments(INDArray f, int row, double mean, double variance) {
        double m = 0, v = 0;
        long len = f.size(2);
        for (int a = 0; a < len; a++) {
            m += (a + 1) * f.getDouble(0, row, a);
        }
        for (int a = 0; a < len; a++) {
            v += (a + 1 - m) * (a + 1 - m) * f.getDouble(0, row, a);
        }
        assertEquals(mean, m, MOMENT_TOL, "mean of row " + row);
        assertEquals(variance, v, MOMENT_TOL, "variance of row " + row);
    }

    /** N = A = B, g̃ = 0, δ̃ = 1 puts one filter on each pixel; with a small σ the read is the image itself. */
    @Test
    void fullWindowReadAtNEqualsAReproducesTheImageAndWriteIsItsAdjoint() {
        int n = 8;
        Nd4j.getRandom().setSeed(3);
        INDArray image = Nd4j.rand(DataType.DOUBLE, 2, n, n);
        INDArray patch = Nd4j.rand(DataType.DOUBLE, 2, n * n);
        SameDiff sd = SameDiff.create();
        double[] h = head(0, 0, Math.log(0.01), 0, 0);
        SDVariable attn = sd.constant(Nd4j.create(new double[][]{h, h}).castTo(DataType.DOUBLE));
        DrawFilterBank fb = new DrawFilterBank(sd, "fb", DataType.DOUBLE, new int[]{n}, n, n);
        DrawFilterBank.Head head = fb.define(attn)[0];
        SDVariable x = sd.constant(image);
        SDVariable read = fb.read(head, x, x.mul(-1.0));
        SDVariable write = fb.write(head, sd.constant(patch));
        INDArray r = read.eval();
        assertArrayEquals(new long[]{2, 2L * n * n}, r.shape());
        INDArray flat = image.reshape(2, n * n);
        assertTrue(r.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n * n)).equalsWithEps(flat, 1e-6), "read(x) != x");
        assertTrue(r.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(n * n, 2 * n * n)).equalsWithEps(flat.neg(), 1e-6));
        assertTrue(write.eval().equalsWithEps(patch, 1e-6), "write(w) != w for the identity window");
    }

    /** Read scales with γ (eq. 27), write with 1/γ (eq. 29). */
    @Test
    void intensityScalesReadAndWrite() {
        int n = 4;
        INDArray image = Nd4j.rand(DataType.DOUBLE, 1, n, n);
        double[] results = new double[4];
        for (int k = 0; k < 2; k++) {
            SameDiff sd = SameDiff.create();
            SDVariable attn = sd.constant(Nd4j.create(new double[][]{head(0.1, 0.2, 0.0, -0.5, k * Math.log(3))}));
            DrawFilterBank fb = new DrawFilterBank(sd, "fb", DataType.DOUBLE, new int[]{2}, n, n);
            DrawFilterBank.Head h = fb.define(attn)[0];
            SDVariable x = sd.constant(image);
            results[2 * k] = fb.read(h, x, x).eval().sumNumber().doubleValue();
            results[2 * k + 1] = fb.write(h, sd.constant(Nd4j.ones(DataType.DOUBLE, 1, 4))).eval().sumNumber().doubleValue();
        }
        assertEquals(3 * results[0], results[2], 1e-9);
        assertEquals(results[1] / 3, results[3], 1e-9);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = new double[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
