package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawConfig;

/**
 * The sizes of a DRAW model (as {@code DrawNetwork}): image B × A = {@code height} × {@code width},
 * read size R = 2·readN² with attention (eq. 27) or 2·H·W without (eq. 17), head size
 * S = 10 + writeN² with attention (write window, next read window, write patch) or H·W without.
 */
record DrawFastDims(int height, int width, boolean attention, int readN, int writeN, int enc, int dec, int latent,
                    int steps, boolean sampled) {

    /** Columns of the head output before the write patch: write window, then the next read window. */
    static final int ATTN_COLUMNS = 10;
    /** Seed of the FIXED noise stream (as {@code DrawNetwork.FIXED_NOISE_SEED}). */
    static final long FIXED_NOISE_SEED = 20150216L;

    static DrawFastDims of(DrawConfig c) {
        return new DrawFastDims(c.height(), c.width(), c.attention(), c.readN(), c.writeN(), c.encoderSize(),
                c.decoderSize(), c.latentSize(), c.steps(), c.noise() == DrawConfig.Noise.SAMPLED);
    }

    int pixels() {
        return height * width;
    }

    int read() {
        return attention ? 2 * readN * readN : 2 * pixels();
    }

    int head() {
        return attention ? ATTN_COLUMNS + writeN * writeN : pixels();
    }

    /** Encoder LSTM input width: [r_t, h^dec_{t−1}, h^enc_{t−1}]. */
    int encIn() {
        return read() + dec + enc;
    }

    /** Decoder LSTM input width: [z_t, h^dec_{t−1}]. */
    int decIn() {
        return latent + dec;
    }
}
