package io.attendspark.models.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vectorised σ and tanh against the scalar ones and both against StrictMath: values across the
 * whole range (incl. ±0, tiny, saturating, overflowing exp, ±∞, NaN), ranges at offsets with tails
 * that do not fill a vector, in place; the switch that turns the vector path off.
 */
class ActivationsTest {

    private static final double[] SPECIAL = {0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 0.5, -0.5, 3, -3, 19, -19,
            20, -20, 37, -37, 40, -40, 354, -354, 700, -700, 710, -710, 1e300, -1e300,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    @Test
    void theTestJvmRunsTheVectorPath() {
        assertTrue(Activations.vectorised(), "conf/jvm.options adds jdk.incubator.vector, which surefire passes on;"
                + " without it these tests would only compare the scalar code with itself");
    }

    @Test
    void vectorAndScalarAgreeAcrossTheRange() {
        Activations.Kernels vector = new VectorKernels();
        Random random = new Random(3);
        double[] x = new double[SPECIAL.length + 1000];
        System.arraycopy(SPECIAL, 0, x, 0, SPECIAL.length);
        for (int i = SPECIAL.length; i < x.length; i++) {
            x[i] = random.nextGaussian() * (i % 3 == 0 ? 30 : 3);
        }
        for (int from : new int[]{0, 1, 5}) {
            for (int len : new int[]{x.length - from, 7, 13, 64}) {               // tails and short ranges
                int at = 2;
                double[][] got = new double[4][x.length + at];
                vector.sigmoid(x, from, got[0], at, len);
                Activations.SCALAR.sigmoid(x, from, got[1], at, len);
                vector.tanh(x, from, got[2], at, len);
                Activations.SCALAR.tanh(x, from, got[3], at, len);
                for (int i = 0; i < len; i++) {
                    double v = x[from + i];
                    assertClose(got[1][at + i], got[0][at + i], SIGMOID_FLOOR, "sigmoid(" + v + ")");
                    assertClose(got[3][at + i], got[2][at + i], TANH_FLOOR, "tanh(" + v + ")");
                    assertClose(1.0 / (1.0 + StrictMath.exp(-v)), got[1][at + i], SIGMOID_FLOOR,
                            "scalar sigmoid(" + v + ")");
                    assertClose(StrictMath.tanh(v), got[3][at + i], TANH_FLOOR, "scalar tanh(" + v + ")");
                }
            }
        }
    }

    @Test
    void worksInPlace() {
        double[] x = {-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        double[] y = x.clone();
        Activations.sigmoid(y, 0, y, 0, y.length);
        for (int i = 0; i < x.length; i++) {
            assertClose(Activations.sigmoid(x[i]), y[i], SIGMOID_FLOOR, "in-place sigmoid(" + x[i] + ")");
        }
        y = x.clone();
        Activations.tanh(y, 1, y, 1, y.length - 1);
        assertEquals(-2.0, y[0]);
        for (int i = 1; i < x.length; i++) {
            assertClose(Activations.tanh(x[i]), y[i], TANH_FLOOR, "in-place tanh(" + x[i] + ")");
        }
    }

    @Test
    void theVectorPathCanBeSwitchedOff() {
        assertTrue(Activations.vectorised());                  // initialise the class before touching the property
        String before = System.getProperty("attend.vector");
        try {
            System.setProperty("attend.vector", "false");
            assertSame(Activations.SCALAR, Activations.load());
            System.setProperty("attend.vector", "true");
            assertTrue(Activations.load() instanceof VectorKernels);
        } finally {
            if (before == null) {
                System.clearProperty("attend.vector");
            } else {
                System.setProperty("attend.vector", before);
            }
        }
    }

    /** σ is relative-accurate everywhere, down to the smallest normal values. */
    private static final double SIGMOID_FLOOR = Double.MIN_NORMAL;
    /** tanh through one exp has an absolute, not relative, error of ~1e-16 near 0. */
    private static final double TANH_FLOOR = 1e-15;

    /** Equal within 4 ulps of the larger magnitude or {@code floor}, whichever is larger; exactly for NaN and ±∞. */
    private static void assertClose(double expected, double actual, double floor, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double tol = 4 * Math.ulp(Math.max(Math.abs(expected), Math.abs(actual)));
        assertEquals(expected, actual, Math.max(tol, floor), what);
    }
}
