package io.attendspark.models.stn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Oracles for eq. (1) + eqs. (3)–(5): identity, one-pixel shift, 90° rotation, background, reference sum. */
class BilinearSamplerTest {

    private static final double REFERENCE_TOLERANCE = 1e-5;   // float32 vs double reference

    private static INDArray theta(int mb, double... t) {
        INDArray out = Nd4j.create(DataType.FLOAT, mb, 6);
        for (int b = 0; b < mb; b++) {
            for (int k = 0; k < 6; k++) {
                out.putScalar(b, k, t[k]);
            }
        }
        return out;
    }

    @Test
    void identityThetaReproducesTheInputExactly() {
        Nd4j.getRandom().setSeed(1);
        INDArray u = Nd4j.rand(DataType.FLOAT, 3, 2, 7, 6).subi(0.5).muli(10);
        for (double background : new double[]{0.0, 0.5}) {
            INDArray v = SamplerHarness.sample(u, theta(3, AffineGridGenerator.IDENTITY), 7, 6, background);
            assertArrayEquals(u.shape(), v.shape());
            assertEquals(u, v, "identity must be exact (background " + background + ")");
        }
    }

    @Test
    void translationByTwoOverWShiftsContentOnePixelLeftAndFillsWithBackground() {
        int h = 8, w = 8;
        double background = 0.25;
        INDArray u = Nd4j.arange(2 * h * w).reshape(1, 2, h, w).castTo(DataType.FLOAT);
        INDArray v = SamplerHarness.sample(u, theta(1, 1, 0, 2.0 / w, 0, 1, 0), h, w, background);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double expected = j + 1 < w ? u.getDouble(0, c, i, j + 1) : background;
                    assertEquals(expected, v.getDouble(0, c, i, j), 0.0, "c=" + c + " i=" + i + " j=" + j);
                }
            }
        }
    }

    @Test
    void ninetyDegreeThetaRotatesCounterClockwise() {
        // theta = [0,-1,0, 1,0,0]: V[i][j] = U[j][N-1-i], i.e. numpy.rot90 (content turns counter-clockwise)
        float[][] u = {
                {1, 2, 3, 4, 5},
                {6, 7, 8, 9, 10},
                {11, 12, 13, 14, 15},
                {16, 17, 18, 19, 20},
                {0, 0, 0, 0, 21}};
        float[][] rotated = {
                {5, 10, 15, 20, 21},
                {4, 9, 14, 19, 0},
                {3, 8, 13, 18, 0},
                {2, 7, 12, 17, 0},
                {1, 6, 11, 16, 0}};
        INDArray in = Nd4j.create(u).reshape(1, 1, 5, 5);
        INDArray v = SamplerHarness.sample(in, theta(1, 0, -1, 0, 1, 0, 0), 5, 5, 0.0);
        assertEquals(Nd4j.create(rotated).reshape(1, 1, 5, 5), v);
    }

    @Test
    void backgroundFillsSamplesOutsideTheImage() {
        Nd4j.getRandom().setSeed(2);
        INDArray u = Nd4j.rand(DataType.FLOAT, 2, 3, 6, 6);
        // far to the right: every sample point is outside
        INDArray away = SamplerHarness.sample(u, theta(2, 1, 0, 5, 0, 1, 0), 6, 6, 0.5);
        assertEquals(Nd4j.valueArrayOf(new long[]{2, 3, 6, 6}, 0.5f), away);
        // zoom out by 2: the outer ring of the output samples outside the image
        INDArray zoom = SamplerHarness.sample(u, theta(2, 2, 0, 0, 0, 2, 0), 6, 6, 0.5);
        assertEquals(0.5, zoom.getDouble(1, 2, 0, 0), 1e-7);
        assertEquals(0.5, zoom.getDouble(0, 1, 5, 5), 1e-7);
    }

    @Test
    void arbitraryThetaMatchesTheDirectSumOfEquationFive() {
        Nd4j.getRandom().setSeed(3);
        int mb = 2, c = 2, h = 5, w = 4, outH = 3, outW = 4;
        INDArray u = Nd4j.rand(DataType.FLOAT, mb, c, h, w);
        double[][] t = {{0.9, 0.15, 0.05, -0.1, 0.85, 0.07}, {0.7, -0.3, 0.63, 0.25, 1.1, -0.41}};
        INDArray theta = Nd4j.create(t).castTo(DataType.FLOAT);
        for (double background : new double[]{0.0, -0.3}) {
            INDArray v = SamplerHarness.sample(u, theta, outH, outW, background);
            double[][][][] ref = SamplerHarness.reference(toArray(u), t, outH, outW, background);
            for (int b = 0; b < mb; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < outH; i++) {
                        for (int j = 0; j < outW; j++) {
                            assertEquals(ref[b][ch][i][j], v.getDouble(b, ch, i, j), REFERENCE_TOLERANCE);
                        }
                    }
                }
            }
        }
    }

    @Test
    void gridRejectsNonPositiveSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AffineGridGenerator.pixelGrid(-3, 4, 4, 4, DataType.FLOAT));
        assertEquals("stn.inH must be > 0 but was -3", e.getMessage());
    }

    static double[][][][] toArray(INDArray u) {
        int mb = (int) u.size(0), c = (int) u.size(1), h = (int) u.size(2), w = (int) u.size(3);
        double[][][][] out = new double[mb][c][h][w];
        for (int b = 0; b < mb; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        out[b][ch][i][j] = u.getDouble(b, ch, i, j);
                    }
                }
            }
        }
        return out;
    }
}
