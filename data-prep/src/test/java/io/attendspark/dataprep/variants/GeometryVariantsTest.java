package io.attendspark.dataprep.variants;

import io.attendspark.dataprep.mnist.MnistData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ROTATED, RTS, TRANSLATED_CLUTTERED and CLUTTERED_100: geometry, determinism, mass. */
class GeometryVariantsTest {
    private static final MnistData BASE = SyntheticMnist.of(new int[] {7, 1, 9},
            SyntheticMnist.ell(), SyntheticMnist.square(12, 12, 4), SyntheticMnist.ramp());
    private static final double ELL_MASS = SyntheticMnist.mass(BASE.image(0));

    @ParameterizedTest
    @EnumSource(value = MnistVariant.class, names = {"ROTATED", "RTS", "TRANSLATED_CLUTTERED", "CLUTTERED_100"})
    void sizeRangeLabelAndDeterminism(MnistVariant variant) {
        VariantConfig config = VariantConfig.defaults(variant);
        VariantGenerator gen = new VariantGenerator(BASE, config);
        assertEquals(config.canvas(), gen.height());
        assertEquals(config.canvas(), gen.width());
        for (long i = 9; i >= 0; i--) { // reverse order: nothing carries over between calls
            ImageExample e = gen.example(2024, i);
            assertEquals(config.canvas(), e.height());
            assertEquals(config.canvas(), e.width());
            assertEquals(BASE.label((int) (i % 3)), e.label());
            for (float v : e.pixels()) {
                assertTrue(v >= 0f && v <= 1f, "value " + v);
            }
            ImageExample again = new VariantGenerator(BASE, config).example(2024, i);
            assertArrayEquals(e.pixels(), again.pixels(), "index " + i);
        }
        assertNotEquals(gen.distortion(2024, 0), gen.distortion(2024, 3));
        assertFalse(Arrays.equals(gen.example(2024, 0).pixels(), gen.example(2024, 3).pixels()));
    }

    @Test
    void zeroDistortionReproducesTheInput() {
        for (MnistVariant v : new MnistVariant[] {MnistVariant.ROTATED, MnistVariant.RTS,
                MnistVariant.TRANSLATED_CLUTTERED, MnistVariant.CLUTTERED_100}) {
            VariantConfig still = VariantConfig.defaults(v).withMaxRotationDegrees(0).withScale(1, 1)
                    .withClutter(0, 0).withCanvas(28);
            VariantGenerator gen = new VariantGenerator(BASE, still);
            for (long i = 0; i < 3; i++) {
                assertArrayEquals(BASE.image((int) i), gen.example(8, i).pixels(), v + " index " + i);
            }
        }
    }

    @Test
    void rotatedDrawsAnglesAcrossPlusMinusNinety() {
        VariantGenerator gen = new VariantGenerator(BASE, VariantConfig.defaults(MnistVariant.ROTATED));
        double min = 0;
        double max = 0;
        for (long i = 0; i < 200; i++) {
            Distortion d = gen.distortion(1, i);
            assertTrue(Math.abs(d.angleDegrees()) <= 90);
            assertEquals(1.0, d.scale());
            assertEquals(14.0, d.centreX());
            assertEquals(14.0, d.centreY());
            min = Math.min(min, d.angleDegrees());
            max = Math.max(max, d.angleDegrees());
        }
        assertTrue(min < -60 && max > 60, min + ".." + max);
        ImageExample e = gen.example(1, 0);
        double ratio = SyntheticMnist.mass(e.pixels()) / ELL_MASS;
        assertTrue(ratio > 0.8 && ratio < 1.2, "mass ratio " + ratio);
    }

    @Test
    void rtsKeepsMassAndMovesTheDigit() {
        VariantGenerator gen = new VariantGenerator(BASE, VariantConfig.defaults(MnistVariant.RTS));
        Set<Long> places = new HashSet<>();
        for (long i = 0; i < 3 * 30; i += 3) {
            Distortion d = gen.distortion(77, i);
            assertTrue(Math.abs(d.angleDegrees()) <= 45 && d.scale() >= 0.7 && d.scale() <= 1.2, d.toString());
            double half = 14 * d.scale();
            assertTrue(d.centreX() >= half && d.centreX() <= 42 - half, "box inside: " + d);
            assertTrue(d.centreY() >= half && d.centreY() <= 42 - half, "box inside: " + d);
            ImageExample e = gen.example(77, i);
            double ratio = SyntheticMnist.mass(e.pixels()) / (ELL_MASS * d.scale() * d.scale());
            assertTrue(ratio > 0.7 && ratio < 1.3, "scaled mass ratio " + ratio + " for " + d);
            double[] com = SyntheticMnist.centreOfMass(e.pixels(), 42);
            places.add(Math.round(com[0]) * 100 + Math.round(com[1]));
        }
        assertTrue(places.size() > 10, "distinct centres of mass: " + places.size());
    }

    @Test
    void translatedDigitIsAnExactWholePixelCopy() {
        VariantConfig bare = VariantConfig.defaults(MnistVariant.TRANSLATED_CLUTTERED).withClutter(0, 0);
        VariantGenerator gen = new VariantGenerator(BASE, bare);
        Set<Double> columns = new HashSet<>();
        for (long i = 0; i < 3 * 20; i += 3) {
            Distortion d = gen.distortion(5, i);
            int ox = (int) (d.centreX() - 14);
            int oy = (int) (d.centreY() - 14);
            assertEquals(d.centreX() - 14, ox, 0.0);
            assertTrue(ox >= 0 && ox <= 32 && oy >= 0 && oy <= 32, d.toString());
            ImageExample e = gen.example(5, i);
            assertEquals(ELL_MASS, SyntheticMnist.mass(e.pixels()), 1e-3);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    assertEquals(BASE.pixel(0, r, c) / 255f, e.pixel(r + oy, c + ox));
                }
            }
            columns.add(SyntheticMnist.centreOfMass(e.pixels(), 60)[0]);
        }
        assertTrue(columns.size() > 8, "distinct digit columns: " + columns.size());
    }
}
