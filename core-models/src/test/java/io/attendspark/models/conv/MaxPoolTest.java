package io.attendspark.models.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MaxPool} in float and in double against the definition written as plain loops (first
 * maximum of each window in row-major order gets the gradient), on values drawn from a few integers
 * so that most windows have ties, for the branch-free 2×2 stride-2 path (even and odd sizes: odd
 * edges are dropped and get 0) and for the general path.
 */
class MaxPoolTest {

    @ParameterizedTest
    @CsvSource({"2, 2, 2, 2, 6, 8", "2, 2, 2, 2, 5, 7", "2, 2, 2, 2, 4, 5", "3, 2, 2, 1, 7, 6", "2, 3, 1, 2, 5, 8"})
    void floatAndDoubleMatchTheDefinition(int kh, int kw, int sh, int sw, int h, int w) {
        int planes = 3;
        Random random = new Random(11 + h * 31 + w);
        double[] x = new double[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(3) - 1;                  // -1, 0, 1: ties in most windows
        }
        int outH = (h - kh) / sh + 1;
        int outW = (w - kw) / sw + 1;
        double[] dy = new double[planes * outH * outW];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = 1 + i;                                  // distinct, so a misrouted gradient shows
        }
        double[] yExpected = new double[dy.length];
        double[] dxExpected = new double[x.length];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++, o++) {
                    int best = -1;
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int i = (p * h + oy * sh + ky) * w + ox * sw + kx;
                            if (best < 0 || x[i] > x[best]) {
                                best = i;
                            }
                        }
                    }
                    yExpected[o] = x[best];
                    dxExpected[best] += dy[o];
                }
            }
        }

        MaxPool doubles = new MaxPool(planes, h, w, kh, kw, sh, sw);
        double[] y = new double[dy.length];
        double[] dx = new double[x.length];
        java.util.Arrays.fill(dx, 99);                     // every element must be overwritten
        doubles.forward(x, y);
        doubles.backward(dy, dx);
        assertArrayEquals(yExpected, y);
        assertArrayEquals(dxExpected, dx);

        MaxPool floats = new MaxPool(planes, h, w, kh, kw, sh, sw);
        float[] yf = new float[dy.length];
        float[] dxf = new float[x.length];
        java.util.Arrays.fill(dxf, 99f);
        floats.forward(toFloat(x), yf);
        floats.backward(toFloat(dy), dxf);
        assertArrayEquals(toFloat(yExpected), yf);
        assertArrayEquals(toFloat(dxExpected), dxf);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
