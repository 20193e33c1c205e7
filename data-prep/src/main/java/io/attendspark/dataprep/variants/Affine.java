package io.attendspark.dataprep.variants;

import java.io.Serializable;

/**
 * A 2-D affine map in continuous image coordinates, {@code x' = m00 x + m01 y + m02},
 * {@code y' = m10 x + m11 y + m12}, with x the column axis and y the row axis (pointing down).
 *
 * <p>Pixel-centre convention (shared with {@link ImageWarp}): pixel (row r, col c) covers
 * {@code [c, c+1) × [r, r+1)}, so its centre is {@code (c + 0.5, r + 0.5)} and an H×W image's centre
 * is {@code (W/2, H/2)}. Used for the spatial distortions of Jaderberg et al. (arXiv:1506.02025v3).
 */
public record Affine(double m00, double m01, double m02, double m10, double m11, double m12)
        implements Serializable {

    public Affine {
        double[] all = {m00, m01, m02, m10, m11, m12};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(
                        "affine entries must be finite but were " + java.util.Arrays.toString(all));
            }
        }
    }

    /** The identity map. */
    public static Affine identity() {
        return new Affine(1, 0, 0, 0, 1, 0);
    }

    /** Shift by (dx columns, dy rows). */
    public static Affine translation(double dx, double dy) {
        return new Affine(1, 0, dx, 0, 1, dy);
    }

    /** Uniform scaling by {@code s} about the origin. */
    public static Affine scaling(double s) {
        return new Affine(s, 0, 0, 0, s, 0);
    }

    /**
     * Rotation about the origin by {@code degrees}, positive = counter-clockwise as seen on screen
     * (y down). Multiples of 90° use exact sines and cosines, so such rotations permute pixel centres
     * exactly.
     */
    public static Affine rotationDegrees(double degrees) {
        double cos;
        double sin;
        double quarter = degrees / 90.0;
        if (quarter == Math.rint(quarter)) {
            int q = (int) Math.floorMod((long) quarter, 4L);
            cos = new double[] {1, 0, -1, 0}[q];
            sin = new double[] {0, 1, 0, -1}[q];
        } else {
            double rad = Math.toRadians(degrees);
            cos = Math.cos(rad);
            sin = Math.sin(rad);
        }
        // screen CCW with y down: (1, 0) -> (cos, -sin)
        return new Affine(cos, sin, 0, -sin, cos, 0);
    }

    /** The map "first this, then {@code next}". */
    public Affine then(Affine next) {
        return new Affine(
                next.m00 * m00 + next.m01 * m10, next.m00 * m01 + next.m01 * m11,
                next.m00 * m02 + next.m01 * m12 + next.m02,
                next.m10 * m00 + next.m11 * m10, next.m10 * m01 + next.m11 * m11,
                next.m10 * m02 + next.m11 * m12 + next.m12);
    }

    /** The inverse map; throws if this map is singular. */
    public Affine inverse() {
        double det = m00 * m11 - m01 * m10;
        if (det == 0 || !Double.isFinite(1 / det)) {
            throw new IllegalArgumentException("affine map is singular (determinant " + det + ")");
        }
        double i00 = m11 / det;
        double i01 = -m01 / det;
        double i10 = -m10 / det;
        double i11 = m00 / det;
        return new Affine(i00, i01, -(i00 * m02 + i01 * m12), i10, i11, -(i10 * m02 + i11 * m12));
    }

    /** x' of point (x, y). */
    public double x(double x, double y) {
        return m00 * x + m01 * y + m02;
    }

    /** y' of point (x, y). */
    public double y(double x, double y) {
        return m10 * x + m11 * y + m12;
    }
}
