package io.attendspark.dataprep.variants;

/**
 * Affine resampling by inverse mapping with bilinear interpolation, as in the sampler of Jaderberg et
 * al., "Spatial Transformer Networks" (arXiv:1506.02025v3, §3.3), used here to make the rotated,
 * scaled and translated MNIST variants.
 *
 * <p>Coordinates follow the pixel-centre convention of {@link Affine}: pixel (r, c) has centre
 * {@code (c + 0.5, r + 0.5)}. Each destination pixel centre is mapped back through the inverse of the
 * forward transform to a source point (x, y); the value there is interpolated bilinearly between the
 * four source pixels whose centres surround it, and source pixels outside the image count as 0
 * (black background). A source point within 1e-9 of a pixel centre is snapped onto it, so any
 * transform that maps centres onto centres (identity, whole-pixel shifts, 90° rotations of a square
 * about its centre) reproduces or permutes the source exactly. Intensities are taken to lie in
 * [0, 1]; results are clamped to [0, 1] against rounding.
 */
public final class ImageWarp {
    /** Distance below which a sample point is snapped to the nearest pixel centre. */
    static final double SNAP = 1e-9;

    private ImageWarp() {
    }

    /**
     * Resample {@code source} ({@code srcHeight × srcWidth}, row-major) through the forward map
     * {@code sourceToDest} into a new {@code dstHeight × dstWidth} image.
     */
    public static float[] warp(float[] source, int srcHeight, int srcWidth, Affine sourceToDest,
                               int dstHeight, int dstWidth) {
        if (srcHeight <= 0 || srcWidth <= 0 || dstHeight <= 0 || dstWidth <= 0) {
            throw new IllegalArgumentException("warp sizes must be > 0 but were source " + srcHeight + "x" + srcWidth
                    + ", destination " + dstHeight + "x" + dstWidth);
        }
        if (source.length != srcHeight * srcWidth) {
            throw new IllegalArgumentException("warp source must hold " + srcHeight * srcWidth + " values but held "
                    + source.length);
        }
        Affine back = sourceToDest.inverse();
        float[] out = new float[dstHeight * dstWidth];
        for (int r = 0; r < dstHeight; r++) {
            double y = r + 0.5;
            for (int c = 0; c < dstWidth; c++) {
                double x = c + 0.5;
                out[r * dstWidth + c] = sample(source, srcHeight, srcWidth, back.x(x, y), back.y(x, y));
            }
        }
        return out;
    }

    /** Bilinear value of {@code source} at continuous point (x, y), 0 outside the image. */
    static float sample(float[] source, int height, int width, double x, double y) {
        double u = snap(x - 0.5); // column index space: pixel c sits at u = c
        double v = snap(y - 0.5);
        if (u <= -1 || v <= -1 || u >= width || v >= height) {
            return 0f;
        }
        int c0 = (int) Math.floor(u);
        int r0 = (int) Math.floor(v);
        double fx = u - c0;
        double fy = v - r0;
        double top = lerp(at(source, height, width, r0, c0), at(source, height, width, r0, c0 + 1), fx);
        double bottom = lerp(at(source, height, width, r0 + 1, c0), at(source, height, width, r0 + 1, c0 + 1), fx);
        double value = fy == 0 ? top : top + (bottom - top) * fy;
        return (float) Math.min(1.0, Math.max(0.0, value));
    }

    private static double lerp(double a, double b, double f) {
        return f == 0 ? a : a + (b - a) * f;
    }

    private static double snap(double t) {
        double nearest = Math.rint(t);
        return Math.abs(t - nearest) < SNAP ? nearest : t;
    }

    private static double at(float[] source, int height, int width, int r, int c) {
        return r < 0 || c < 0 || r >= height || c >= width ? 0.0 : source[r * width + c];
    }
}
