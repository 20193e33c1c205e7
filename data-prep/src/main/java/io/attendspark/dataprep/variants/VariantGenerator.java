package io.attendspark.dataprep.variants;

import io.attendspark.dataprep.Seeds;
import io.attendspark.dataprep.mnist.MnistData;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Makes distorted MNIST examples (Jaderberg et al., arXiv:1506.02025v3, App. A; Gregor et al.,
 * arXiv:1502.04623v2, §4) as a pure function of (config, seed, index): example {@code index} is base
 * digit {@code index % base.count()} with its label, and every random choice comes from
 * {@link Seeds#forExample(long, long)}, so it is the same whichever executor or order makes it.
 *
 * <p>Pipeline: draw a {@link Distortion} (order documented there); warp the base digit onto the canvas
 * with {@link ImageWarp} (rotation and scale about the frame centre, then translation); composite each
 * clutter crop with max(); finally apply the variant's output mode ({@link MnistVariant.Output}), for
 * the sampled mode drawing one {@code nextDouble()} per pixel in row-major order from the same stream.
 */
public final class VariantGenerator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final MnistData base;
    private final VariantConfig config;

    public VariantGenerator(MnistData base, VariantConfig config) {
        if (base == null || config == null) {
            throw new IllegalArgumentException("variant generator needs base data and config but got base=" + base
                    + ", config=" + config);
        }
        if (base.count() < 1) {
            throw new IllegalArgumentException("variant base data must hold >= 1 image but held " + base.count());
        }
        if (config.clutterPieces() > 0 && config.clutterSize() > Math.min(base.rows(), base.cols())) {
            throw new IllegalArgumentException("variant.clutterSize must be <= the base image side "
                    + Math.min(base.rows(), base.cols()) + " but was " + config.clutterSize());
        }
        this.base = base;
        this.config = config;
    }

    /** Example {@code index} (>= 0) under {@code seed}. */
    public ImageExample example(long seed, long index) {
        int digit = digitIndex(index);
        SplittableRandom rng = Seeds.forExample(seed, index);
        Distortion distortion = Distortion.draw(config, base.count(), base.rows(), base.cols(), digit, rng);
        int canvas = config.canvas();
        float[] pixels = ImageWarp.warp(base.image(digit), base.rows(), base.cols(),
                distortion.transform(base.rows(), base.cols()), canvas, canvas);
        for (ClutterPiece piece : distortion.clutter()) {
            paste(pixels, piece);
        }
        switch (config.variant().output()) {
            case THRESHOLD -> {
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = pixels[p] > config.threshold() ? 1f : 0f;
                }
            }
            case SAMPLED -> {
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = rng.nextDouble() < pixels[p] ? 1f : 0f;
                }
            }
            case GREY -> {
            }
        }
        return new ImageExample(canvas, canvas, pixels, base.label(digit));
    }

    /** The random parameters of example {@code index}, exactly as {@link #example} draws them. */
    public Distortion distortion(long seed, long index) {
        int digit = digitIndex(index);
        return Distortion.draw(config, base.count(), base.rows(), base.cols(), digit, Seeds.forExample(seed, index));
    }

    /** Number of distinct base digits (indices repeat them modulo this). */
    public int count() {
        return base.count();
    }

    /** Output rows. */
    public int height() {
        return config.canvas();
    }

    /** Output columns. */
    public int width() {
        return config.canvas();
    }

    /** The config this generator applies. */
    public VariantConfig config() {
        return config;
    }

    private int digitIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("variant example index must be >= 0 but was " + index);
        }
        return (int) (index % base.count());
    }

    private void paste(float[] canvasPixels, ClutterPiece piece) {
        int side = config.canvas();
        int size = config.clutterSize();
        for (int dr = 0; dr < size; dr++) {
            int out = (piece.row() + dr) * side + piece.col();
            for (int dc = 0; dc < size; dc++) {
                float v = base.pixel(piece.sourceIndex(), piece.cropRow() + dr, piece.cropCol() + dc) / 255f;
                if (v > canvasPixels[out + dc]) {
                    canvasPixels[out + dc] = v;
                }
            }
        }
    }
}
