package io.attendspark.dataprep.variants;

import io.attendspark.dataprep.mnist.MnistData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clutter of TRANSLATED_CLUTTERED and CLUTTERED_100, measured with all-white "other digits". */
class ClutterTest {
    /** Digit 0 is a 4×4 square at (12, 12); the others are all white, so every crop is a solid block. */
    private static final MnistData BASE = SyntheticMnist.of(new int[] {1, 2, 3},
            SyntheticMnist.square(12, 12, 4), SyntheticMnist.uniform(255), SyntheticMnist.uniform(255));

    @ParameterizedTest
    @EnumSource(value = MnistVariant.class, names = {"TRANSLATED_CLUTTERED", "CLUTTERED_100"})
    void clutterAddsBlocksAwayFromTheDigit(MnistVariant variant) {
        VariantConfig config = VariantConfig.defaults(variant);
        VariantGenerator gen = new VariantGenerator(BASE, config);
        int side = config.canvas();
        int size = config.clutterSize();
        Set<Double> centres = new HashSet<>();
        for (long i = 0; i < 3 * 20; i += 3) {
            Distortion d = gen.distortion(31, i);
            assertEquals(config.clutterPieces(), d.clutter().size());
            int digitRow = (int) (d.centreY() - 14) + 12;
            int digitCol = (int) (d.centreX() - 14) + 12;
            ImageExample e = gen.example(31, i);
            assertEquals(1, e.label());
            int outside = 0;
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    boolean inDigit = r >= digitRow && r < digitRow + 4 && c >= digitCol && c < digitCol + 4;
                    float v = e.pixel(r, c);
                    if (inDigit) {
                        assertEquals(1f, v, "the digit survives max() compositing");
                    } else if (v > 0) {
                        outside++;
                        assertEquals(1f, v, "clutter is the crop itself");
                    }
                }
            }
            // one solid piece alone covers size² pixels, at most 16 of them on the digit
            assertTrue(outside >= size * size - 16, "lit pixels away from the digit: " + outside);
            assertTrue(outside <= config.clutterPieces() * size * size);
            for (ClutterPiece p : d.clutter()) {
                assertNotEquals(0, p.sourceIndex(), "clutter comes from other digits");
                assertTrue(p.row() + size <= side && p.col() + size <= side, p.toString());
                assertTrue(p.cropRow() + size <= 28 && p.cropCol() + size <= 28, p.toString());
                assertEquals(1f, e.pixel(p.row(), p.col()));
            }
            centres.add(d.centreX() * 1000 + d.centreY());
        }
        assertTrue(centres.size() > 10, "digit positions vary: " + centres.size());
    }

    @ParameterizedTest
    @EnumSource(value = MnistVariant.class, names = {"TRANSLATED_CLUTTERED", "CLUTTERED_100"})
    void withoutClutterOnlyTheDigitIsLit(MnistVariant variant) {
        VariantGenerator gen = new VariantGenerator(BASE, VariantConfig.defaults(variant).withClutter(0, 0));
        for (long i = 0; i < 3 * 5; i += 3) {
            assertEquals(16.0, SyntheticMnist.mass(gen.example(31, i).pixels()), 1e-6);
        }
    }
}
