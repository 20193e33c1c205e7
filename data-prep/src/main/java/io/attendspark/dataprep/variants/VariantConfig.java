package io.attendspark.dataprep.variants;

import java.io.Serializable;

/**
 * Parameters of one distorted-MNIST variant; binds with Jackson (a record of primitives and an enum)
 * and travels to Spark executors. Paper values per variant live in {@link #defaults(MnistVariant)} and
 * nowhere else.
 *
 * <p>The digit frame (28×28 for MNIST) is rotated by an angle uniform in
 * {@code [-maxRotationDegrees, maxRotationDegrees]}, scaled by a factor uniform in
 * {@code [minScale, maxScale]}, placed in a {@code canvas × canvas} image, and {@code clutterPieces}
 * crops of {@code clutterSize × clutterSize} from other digits are composited with max()
 * (see {@link VariantGenerator} for the placement rule and draw order).
 *
 * @param variant output mode and name of the data set
 * @param canvas side of the square output image, 1..4096
 * @param maxRotationDegrees half-width of the uniform rotation range, 0..180
 * @param minScale smallest scale factor, > 0
 * @param maxScale largest scale factor, >= minScale
 * @param clutterPieces number of clutter crops, 0..1000
 * @param clutterSize side of each clutter crop; 1..canvas when there is clutter, otherwise >= 0
 * @param threshold binarisation threshold for {@link MnistVariant#BINARIZED}, 0..1
 */
public record VariantConfig(MnistVariant variant, int canvas, double maxRotationDegrees, double minScale,
                            double maxScale, int clutterPieces, int clutterSize, double threshold)
        implements Serializable {

    /** Largest canvas side accepted. */
    public static final int MAX_CANVAS = 4096;
    /** Largest number of clutter pieces accepted. */
    public static final int MAX_CLUTTER_PIECES = 1000;

    public VariantConfig {
        if (variant == null) {
            throw new IllegalArgumentException("variant.variant must not be null");
        }
        if (canvas < 1 || canvas > MAX_CANVAS) {
            throw new IllegalArgumentException("variant.canvas must be in [1, " + MAX_CANVAS + "] but was " + canvas);
        }
        if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) {
            throw new IllegalArgumentException(
                    "variant.maxRotationDegrees must be in [0, 180] but was " + maxRotationDegrees);
        }
        if (!(minScale > 0) || Double.isInfinite(minScale)) {
            throw new IllegalArgumentException("variant.minScale must be > 0 but was " + minScale);
        }
        if (!(maxScale >= minScale) || Double.isInfinite(maxScale)) {
            throw new IllegalArgumentException(
                    "variant.maxScale must be finite and >= minScale (" + minScale + ") but was " + maxScale);
        }
        if (clutterPieces < 0 || clutterPieces > MAX_CLUTTER_PIECES) {
            throw new IllegalArgumentException(
                    "variant.clutterPieces must be in [0, " + MAX_CLUTTER_PIECES + "] but was " + clutterPieces);
        }
        if (clutterSize < 0) {
            throw new IllegalArgumentException("variant.clutterSize must be >= 0 but was " + clutterSize);
        }
        if (clutterPieces > 0 && (clutterSize < 1 || clutterSize > canvas)) {
            throw new IllegalArgumentException("variant.clutterSize must be in [1, canvas=" + canvas
                    + "] when clutterPieces > 0 but was " + clutterSize);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("variant.threshold must be in [0, 1] but was " + threshold);
        }
    }

    /**
     * The paper values of {@code variant}: Jaderberg et al. (arXiv:1506.02025v3, App. A) for R
     * (±90°, 28×28), RTS (±45°, scale 0.7–1.2, 42×42) and TC (60×60, 6 crops of 6×6); Gregor et al.
     * (arXiv:1502.04623v2, §4) for the 100×100 cluttered set with 8×8 crops, of which we place 8 (our
     * choice; DRAW does not state the number). Threshold 0.5 throughout.
     */
    public static VariantConfig defaults(MnistVariant variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant.variant must not be null");
        }
        double threshold = 0.5;
        return switch (variant) {
            case PLAIN, BINARIZED, BINARIZED_STOCHASTIC -> new VariantConfig(variant, 28, 0, 1, 1, 0, 0, threshold);
            case ROTATED -> new VariantConfig(variant, 28, 90, 1, 1, 0, 0, threshold);
            case RTS -> new VariantConfig(variant, 42, 45, 0.7, 1.2, 0, 0, threshold);
            case TRANSLATED_CLUTTERED -> new VariantConfig(variant, 60, 0, 1, 1, 6, 6, threshold);
            case CLUTTERED_100 -> new VariantConfig(variant, 100, 0, 1, 1, 8, 8, threshold);
        };
    }

    /** This config with another rotation range. */
    public VariantConfig withMaxRotationDegrees(double degrees) {
        return new VariantConfig(variant, canvas, degrees, minScale, maxScale, clutterPieces, clutterSize, threshold);
    }

    /** This config with another scale range. */
    public VariantConfig withScale(double min, double max) {
        return new VariantConfig(variant, canvas, maxRotationDegrees, min, max, clutterPieces, clutterSize, threshold);
    }

    /** This config with other clutter. */
    public VariantConfig withClutter(int pieces, int size) {
        return new VariantConfig(variant, canvas, maxRotationDegrees, minScale, maxScale, pieces, size, threshold);
    }

    /** This config with another canvas side. */
    public VariantConfig withCanvas(int side) {
        return new VariantConfig(variant, side, maxRotationDegrees, minScale, maxScale, clutterPieces, clutterSize,
                threshold);
    }
}
