package io.attendspark.dataprep.variants;

/**
 * The distorted MNIST data sets of Jaderberg et al., "Spatial Transformer Networks"
 * (arXiv:1506.02025v3, Appendix A), plus the binarised MNIST used for generative models and the
 * 100×100 cluttered translated MNIST of Gregor et al., "DRAW" (arXiv:1502.04623v2, §4).
 *
 * <p>A variant fixes the output mode (grey, thresholded, sampled binary) and, through
 * {@link VariantConfig#defaults(MnistVariant)}, the paper's distortion parameters. The geometry itself
 * (rotation, scale, placement, clutter) is driven entirely by the {@link VariantConfig}, so every
 * variant runs the same pipeline in {@link VariantGenerator}.
 */
public enum MnistVariant {
    /** The 28×28 digit as is. */
    PLAIN(Output.GREY),
    /** 28×28, pixel set to 1 iff {@code pixel/255 > threshold}, else 0. */
    BINARIZED(Output.THRESHOLD),
    /** 28×28, pixel set to 1 with probability {@code pixel/255} (dynamic binarisation), from the example's stream. */
    BINARIZED_STOCHASTIC(Output.SAMPLED),
    /** "R": rotated uniformly in ±90° about the frame centre, 28×28 (Jaderberg et al. App. A). */
    ROTATED(Output.GREY),
    /** "RTS": rotated ±45°, scaled 0.7–1.2, placed at a random position in a 42×42 canvas (App. A). */
    RTS(Output.GREY),
    /** "TC": digit at a random position fully inside 60×60, plus 6 random 6×6 crops of other digits (App. A). */
    TRANSLATED_CLUTTERED(Output.GREY),
    /** 100×100 cluttered translated MNIST after DRAW (Gregor et al. §4): digit plus 8 random 8×8 crops. */
    CLUTTERED_100(Output.GREY);

    /** How the composited grey canvas becomes the final pixels. */
    public enum Output {
        /** Intensities in [0, 1] unchanged. */
        GREY,
        /** Fixed threshold: 1 iff value > {@link VariantConfig#threshold()}. */
        THRESHOLD,
        /** 1 with probability equal to the value. */
        SAMPLED
    }

    private final Output output;

    MnistVariant(Output output) {
        this.output = output;
    }

    /** The output mode of this variant. */
    public Output output() {
        return output;
    }
}
