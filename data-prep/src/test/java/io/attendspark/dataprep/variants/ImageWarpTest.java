package io.attendspark.dataprep.variants;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageWarpTest {
    private static final int N = 28;

    private static float[] ramp() {
        float[] img = new float[N * N];
        for (int p = 0; p < img.length; p++) {
            img[p] = (p % 256) / 255f;
        }
        return img;
    }

    private static Affine aboutCentre(Affine a) {
        return Affine.translation(-N / 2.0, -N / 2.0).then(a).then(Affine.translation(N / 2.0, N / 2.0));
    }

    @Test
    void identityReproducesExactly() {
        float[] src = ramp();
        assertArrayEquals(src, ImageWarp.warp(src, N, N, Affine.identity(), N, N));
    }

    @Test
    void onePixelTranslationShiftsByOnePixel() {
        float[] src = ramp();
        float[] right = ImageWarp.warp(src, N, N, Affine.translation(1, 0), N, N);
        float[] down = ImageWarp.warp(src, N, N, Affine.translation(0, 1), N, N);
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                assertEquals(c == 0 ? 0f : src[r * N + c - 1], right[r * N + c], "right shift at " + r + "," + c);
                assertEquals(r == 0 ? 0f : src[(r - 1) * N + c], down[r * N + c], "down shift at " + r + "," + c);
            }
        }
    }

    @Test
    void halfPixelTranslationAveragesNeighbours() {
        float[] src = new float[N * N];
        src[5 * N + 7] = 1f;
        float[] out = ImageWarp.warp(src, N, N, Affine.translation(0.5, 0), N, N);
        assertEquals(0.5f, out[5 * N + 7], 1e-6);
        assertEquals(0.5f, out[5 * N + 8], 1e-6);
        assertEquals(1.0, SyntheticMnist.mass(out), 1e-6);
    }

    @Test
    void ninetyDegreeRotationIsTheHandRotatedImage() {
        float[] src = ramp();
        float[] ccw = ImageWarp.warp(src, N, N, aboutCentre(Affine.rotationDegrees(90)), N, N);
        float[] cw = ImageWarp.warp(src, N, N, aboutCentre(Affine.rotationDegrees(-90)), N, N);
        float[] half = ImageWarp.warp(src, N, N, aboutCentre(Affine.rotationDegrees(180)), N, N);
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                // counter-clockwise on screen: the right edge goes to the top
                assertEquals(src[c * N + (N - 1 - r)], ccw[r * N + c], "ccw at " + r + "," + c);
                assertEquals(src[(N - 1 - c) * N + r], cw[r * N + c], "cw at " + r + "," + c);
                assertEquals(src[(N - 1 - r) * N + (N - 1 - c)], half[r * N + c], "180 at " + r + "," + c);
            }
        }
    }

    @Test
    void rotationOfAnOddSizedFrameIsExact() {
        // 3x3 about its centre (1.5, 1.5): the centre pixel stays put
        float[] src = {0, 0, 0, 0, 1, 0, 0, 0, 0.5f};
        float[] out = ImageWarp.warp(src, 3, 3, Affine.translation(-1.5, -1.5)
                .then(Affine.rotationDegrees(90)).then(Affine.translation(1.5, 1.5)), 3, 3);
        assertArrayEquals(new float[] {0, 0, 0.5f, 0, 1, 0, 0, 0, 0}, out);
    }

    @Test
    void affineInverseUndoesTheMap() {
        Affine a = Affine.translation(-14, -14).then(Affine.scaling(1.3)).then(Affine.rotationDegrees(33))
                .then(Affine.translation(20, 17));
        Affine back = a.inverse();
        double x = a.x(3.25, 7.5);
        double y = a.y(3.25, 7.5);
        assertEquals(3.25, back.x(x, y), 1e-12);
        assertEquals(7.5, back.y(x, y), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Affine.scaling(0).inverse());
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> ImageWarp.warp(new float[3], 2, 2, Affine.identity(), 2, 2));
        assertThrows(IllegalArgumentException.class, () -> ImageWarp.warp(new float[4], 2, 2, Affine.identity(), 0, 2));
    }
}
