package io.attendspark.dataprep.variants;

import io.attendspark.dataprep.mnist.MnistData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PLAIN, BINARIZED and BINARIZED_STOCHASTIC. */
class BinarizedVariantsTest {
    private static final MnistData BASE = SyntheticMnist.of(new int[] {7, 3, 5},
            SyntheticMnist.ell(), SyntheticMnist.ramp(), SyntheticMnist.uniform(77));

    private static VariantGenerator generator(MnistVariant v) {
        return new VariantGenerator(BASE, VariantConfig.defaults(v));
    }

    @Test
    void plainIsTheBaseImageWithItsLabel() {
        VariantGenerator gen = generator(MnistVariant.PLAIN);
        assertEquals(3, gen.count());
        assertEquals(28, gen.height());
        assertEquals(28, gen.width());
        for (long i = 0; i < 7; i++) {
            ImageExample e = gen.example(11, i);
            int k = (int) (i % 3);
            assertEquals(28, e.height());
            assertEquals(28, e.width());
            assertEquals(BASE.label(k), e.label());
            assertArrayEquals(BASE.image(k), e.pixels(), "index " + i);
        }
    }

    @Test
    void binarizedThresholdsAtHalf() {
        ImageExample e = generator(MnistVariant.BINARIZED).example(5, 1);
        float[] grey = BASE.image(1);
        assertEquals(BASE.label(1), e.label());
        for (int p = 0; p < grey.length; p++) {
            assertEquals(grey[p] > 0.5f ? 1f : 0f, e.pixels()[p], "pixel " + p);
        }
        VariantConfig low = new VariantConfig(MnistVariant.BINARIZED, 28, 0, 1, 1, 0, 0, 0.1);
        ImageExample lowE = new VariantGenerator(BASE, low).example(5, 1);
        assertEquals(BASE.pixel(1, 0, 26) > 25.5 ? 1f : 0f, lowE.pixel(0, 26));
        assertTrue(SyntheticMnist.mass(lowE.pixels()) > SyntheticMnist.mass(e.pixels()));
    }

    @Test
    void stochasticMeanMatchesIntensity() {
        VariantGenerator gen = generator(MnistVariant.BINARIZED_STOCHASTIC);
        double sum = 0;
        int n = 0;
        for (long i = 2; i < 2 + 3 * 60; i += 3) { // index % 3 == 2: the uniform 77/255 ≈ 0.302 image
            ImageExample e = gen.example(42, i);
            assertEquals(5, e.label());
            for (float v : e.pixels()) {
                assertTrue(v == 0f || v == 1f, "binary value " + v);
                sum += v;
                n++;
            }
        }
        double mean = sum / n;
        assertTrue(mean > 0.27 && mean < 0.33, "mean " + mean);
    }

    @Test
    void stochasticKeepsCertainPixelsAndIsDeterministic() {
        VariantGenerator gen = generator(MnistVariant.BINARIZED_STOCHASTIC);
        ImageExample a = gen.example(3, 0);
        float[] ell = BASE.image(0);
        assertArrayEquals(ell, a.pixels(), "an all-0/255 image samples to itself");
        assertArrayEquals(gen.example(3, 5).pixels(),
                generator(MnistVariant.BINARIZED_STOCHASTIC).example(3, 5).pixels());
        assertFalse(Arrays.equals(gen.example(3, 5).pixels(), gen.example(3, 8).pixels()),
                "indices 5 and 8 share a base image but draw different samples");
        assertFalse(Arrays.equals(gen.example(3, 5).pixels(), gen.example(4, 5).pixels()), "seed matters");
    }
}
