package io.attendspark.models.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed im2col / col2im cases. */
class Im2colTest {

    /** 1 channel 3×3 image, 2×2 kernel, stride 1: 4 output pixels, 4 taps each. */
    @Test
    void gathersTheKernelWindowOfEveryOutputPixel() {
        Im2col g = new Im2col(1, 3, 3, 2, 2, 1, 1, 0, 0);
        assertEquals(2, g.outH);
        assertEquals(2, g.outW);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] col = new float[4 * 4];
        g.gather(x, 1, col);
        // row r = tap (ky, kx), column p = output pixel (oy, ox)
        assertArrayEquals(new float[]{
                1, 2, 4, 5,      // tap (0,0)
                2, 3, 5, 6,      // tap (0,1)
                4, 5, 7, 8,      // tap (1,0)
                5, 6, 8, 9},     // tap (1,1)
                col);
    }

    /** Padding 1 and stride 2 on a 2×2 image with 2 images: zeros outside, image n's matrix at n·R·P. */
    @Test
    void padsWithZerosAndPutsImagesOneAfterTheOther() {
        Im2col g = new Im2col(1, 2, 2, 2, 2, 2, 2, 1, 1);
        assertEquals(2, g.outH);   // (2 + 2 − 2) / 2 + 1
        double[] x = {1, 2, 3, 4, 10, 20, 30, 40};
        double[] col = new double[2 * 4 * 4];
        g.gather(x, 2, col);
        // output pixel (0,0) sees input (−1..0, −1..0): only tap (1,1) is inside = x(0,0)
        assertEquals(0.0, col[0]);
        assertEquals(1.0, col[3 * 4]);
        assertEquals(10.0, col[16 + 3 * 4]);
        // output pixel (1,1) sees input (1..2, 1..2): only tap (0,0) = x(1,1)
        assertEquals(4.0, col[3]);
        assertEquals(40.0, col[16 + 3]);
        float[] f = new float[16];
        g.gatherImage(new float[]{1, 2, 3, 4, 10, 20, 30, 40}, 1, f, 0);
        assertEquals(10f, f[3 * 4]);
        assertEquals(40f, f[3]);
    }

    /** col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩. */
    @Test
    void scatterAddIsTheAdjointOfGather() {
        Im2col g = new Im2col(2, 5, 4, 3, 2, 2, 1, 1, 0);
        java.util.Random r = new java.util.Random(5);
        int batch = 3;
        double[] x = new double[batch * g.imageSize()];
        double[] c = new double[g.rows * batch * g.pixels];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextGaussian();
        }
        double[] col = new double[c.length];
        g.gather(x, batch, col);
        double[] back = new double[x.length];
        g.scatterAdd(c, batch, back);
        double left = 0, right = 0;
        for (int i = 0; i < c.length; i++) {
            left += col[i] * c[i];
        }
        for (int i = 0; i < x.length; i++) {
            right += x[i] * back[i];
        }
        assertEquals(left, right, 1e-9 * Math.abs(left));
        assertTrue(Math.abs(left) > 1e-3);
    }

    @Test
    void rejectsAKernelLargerThanThePaddedInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Im2col(1, 3, 3, 5, 5, 1, 1, 0, 0));
        assertTrue(e.getMessage().contains("3x3") && e.getMessage().contains("5x5"), e.getMessage());
    }
}
