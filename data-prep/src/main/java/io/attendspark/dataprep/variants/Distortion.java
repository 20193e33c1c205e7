package io.attendspark.dataprep.variants;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The random parameters of one example: rotation, scale, where the digit frame's centre lands on the
 * canvas, and the clutter crops (Jaderberg et al., arXiv:1506.02025v3, App. A).
 *
 * <p><b>Draw order</b> ({@link #draw}), identical for every variant so one stream layout serves all:
 * <ol>
 *   <li>angle: one {@code nextDouble()} u, {@code angle = maxRotationDegrees * (2u - 1)};</li>
 *   <li>scale: one {@code nextDouble()} u, {@code scale = minScale + (maxScale - minScale) u};</li>
 *   <li>centre column, then 4. centre row: one {@code nextDouble()} each (placement rule below);</li>
 *   <li>per clutter piece, in order: source index, crop row, crop col, canvas row, canvas col
 *       (one bounded {@code nextInt} each).</li>
 * </ol>
 * {@link VariantGenerator} then draws one {@code nextDouble()} per output pixel (row-major) for
 * {@link MnistVariant#BINARIZED_STOCHASTIC}.
 *
 * <p><b>Placement rule</b> (our choice): the "digit box" is the unrotated source frame scaled by
 * {@code scale} (for MNIST {@code 28·scale} square). Its centre is uniform over all positions that keep
 * the box inside the canvas, per axis {@code [h, canvas - h]} with {@code h = scale·side/2}; if the box
 * is larger than the canvas the centre is the canvas centre. Rotation can push the frame's corners
 * out, but MNIST ink lies in the central 20×20, whose rotated extent ({@code ≤ 10√2·scale}) exceeds
 * {@code h = 14·scale} by under 0.2 px. When angle is exactly 0 and scale exactly 1 (pure translation)
 * the top-left offset is instead uniform over whole pixels {@code 0..canvas-side}, so the digit is copied
 * without interpolation blur.
 *
 * @param angleDegrees rotation, counter-clockwise on screen
 * @param scale scale factor
 * @param centreX canvas column (continuous) where the source frame's centre lands
 * @param centreY canvas row (continuous) where the source frame's centre lands
 * @param clutter crops to composite, in order
 */
public record Distortion(double angleDegrees, double scale, double centreX, double centreY,
                         List<ClutterPiece> clutter) implements Serializable {

    public Distortion {
        if (!Double.isFinite(angleDegrees) || !(scale > 0) || !Double.isFinite(scale)
                || !Double.isFinite(centreX) || !Double.isFinite(centreY)) {
            throw new IllegalArgumentException("distortion must be finite with scale > 0 but was angle=" + angleDegrees
                    + ", scale=" + scale + ", centre=(" + centreX + ", " + centreY + ")");
        }
        clutter = List.copyOf(clutter);
    }

    /**
     * Draw the parameters of one example from {@code rng} in the documented order.
     *
     * @param digitIndex base index of the digit itself, excluded as a clutter source when there are others
     */
    public static Distortion draw(VariantConfig config, int baseCount, int rows, int cols, int digitIndex,
                                  SplittableRandom rng) {
        double angle = config.maxRotationDegrees() * (2 * rng.nextDouble() - 1);
        double scale = config.minScale() + (config.maxScale() - config.minScale()) * rng.nextDouble();
        double ux = rng.nextDouble();
        double uy = rng.nextDouble();
        int canvas = config.canvas();
        double cx;
        double cy;
        if (angle == 0 && scale == 1) {
            cx = wholePixelOffset(ux, canvas, cols) + cols / 2.0;
            cy = wholePixelOffset(uy, canvas, rows) + rows / 2.0;
        } else {
            cx = centre(ux, canvas, scale * cols / 2.0);
            cy = centre(uy, canvas, scale * rows / 2.0);
        }
        List<ClutterPiece> clutter = new ArrayList<>(config.clutterPieces());
        int size = config.clutterSize();
        for (int i = 0; i < config.clutterPieces(); i++) {
            int source = otherIndex(rng, baseCount, digitIndex);
            int cropRow = rng.nextInt(rows - size + 1);
            int cropCol = rng.nextInt(cols - size + 1);
            int row = rng.nextInt(canvas - size + 1);
            int col = rng.nextInt(canvas - size + 1);
            clutter.add(new ClutterPiece(source, cropRow, cropCol, row, col));
        }
        return new Distortion(angle, scale, cx, cy, clutter);
    }

    /** Forward map from source-frame coordinates to canvas coordinates (pixel-centre convention). */
    public Affine transform(int rows, int cols) {
        return Affine.translation(-cols / 2.0, -rows / 2.0)
                .then(Affine.scaling(scale))
                .then(Affine.rotationDegrees(angleDegrees))
                .then(Affine.translation(centreX, centreY));
    }

    private static int wholePixelOffset(double u, int canvas, int side) {
        int slack = canvas - side;
        if (slack < 0) {
            return Math.floorDiv(slack, 2);
        }
        return Math.min(slack, (int) Math.floor(u * (slack + 1)));
    }

    private static double centre(double u, int canvas, double half) {
        double slack = canvas - 2 * half;
        return slack <= 0 ? canvas / 2.0 : half + u * slack;
    }

    private static int otherIndex(SplittableRandom rng, int baseCount, int digitIndex) {
        if (baseCount == 1) {
            return rng.nextInt(1);
        }
        int j = rng.nextInt(baseCount - 1);
        return j >= digitIndex ? j + 1 : j;
    }
}
