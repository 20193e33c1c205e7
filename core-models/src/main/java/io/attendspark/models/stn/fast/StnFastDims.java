package io.attendspark.models.stn.fast;

/**
 * Sizes of one spatial transformer (Jaderberg et al., "Spatial Transformer Networks",
 * arXiv:1506.02025v3, §3 and App. A): input U {@code [C, H, W]}, output V {@code [C, H', W']} and the
 * localisation net conv {@code F×K²} (valid) → maxpool 2 → relu → conv {@code F×K²} → maxpool 2 →
 * relu → dense {@code D} relu → dense 6 = θ. The 2×2 stride-2 pools are valid and round down, as
 * SameDiff's {@code maxPooling2d} with that configuration.
 *
 * @param channels C
 * @param height   H
 * @param width    W
 * @param outH     H' (already resolved: never 0)
 * @param outW     W'
 * @param filters  F, filters of both localisation convs
 * @param kernel   K, their kernel size
 * @param hidden   D, width of the localisation net's hidden dense layer
 */
record StnFastDims(int channels, int height, int width, int outH, int outW, int filters, int kernel, int hidden) {

    StnFastDims {
        requireLocSize(height, kernel, "inputHeight");
        requireLocSize(width, kernel, "inputWidth");
        if (channels <= 0 || outH <= 0 || outW <= 0 || filters <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("stn sizes must be > 0 but were channels " + channels + ", output "
                    + outH + "x" + outW + ", locFilters " + filters + ", locHidden " + hidden);
        }
    }

    /** Same rule and message as {@code SpatialTransformerLayer}: two valid convs and two 2×2 pools leave ≥ 1 pixel. */
    private static void requireLocSize(int in, int kernel, String what) {
        int s = ((in - kernel + 1) / 2 - kernel + 1) / 2;
        if (in - kernel + 1 < 2 || s < 1) {
            throw new IllegalArgumentException("stn." + what + " must be >= " + (3 * kernel + 1)
                    + " for locKernel " + kernel + " (two valid convs and two 2x2 pools) but was " + in);
        }
    }

    int conv1H() { return height - kernel + 1; }
    int conv1W() { return width - kernel + 1; }
    int pool1H() { return conv1H() / 2; }
    int pool1W() { return conv1W() / 2; }
    int conv2H() { return pool1H() - kernel + 1; }
    int conv2W() { return pool1W() - kernel + 1; }
    int pool2H() { return conv2H() / 2; }
    int pool2W() { return conv2W() / 2; }

    /** Width of the flattened second pool, {@code F·h2·w2}: the rows of the hidden dense layer's weights. */
    int flat() { return filters * pool2H() * pool2W(); }

    /** Values in one input image, {@code C·H·W}. */
    int imageSize() { return channels * height * width; }

    /** Output pixels per channel, {@code H'·W'}. */
    int outPixels() { return outH * outW; }
}
