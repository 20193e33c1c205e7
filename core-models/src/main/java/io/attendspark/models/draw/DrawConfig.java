package io.attendspark.models.draw;

import java.io.Serializable;

/**
 * Configuration of DRAW (Gregor, Danihelka, Graves, Rezende, Wierstra, "DRAW: A Recurrent Neural
 * Network For Image Generation", arXiv:1502.04623v2). Built by {@link DrawModels#build}.
 *
 * <p>With {@code attention} the read is the 2·readN² glimpse of eqs. (19)–(27) and the write the
 * readN×readN → image patch of eqs. (28)–(29); without it read = [x, x̂] (eq. 17) and write is a
 * linear map of h^dec to the whole canvas (eq. 18); readN and writeN are then unused but kept.
 *
 * @param height          image height B in pixels
 * @param width           image width A in pixels
 * @param attention       filterbank read/write attention on (true) or the full-image baseline (false)
 * @param readN           read glimpse size N (paper MNIST: 2)
 * @param writeN          write patch size N (paper MNIST: 5)
 * @param encoderSize     encoder LSTM units (paper: 256)
 * @param decoderSize     decoder LSTM units (paper: 256)
 * @param latentSize      size of each z_t (paper: 100)
 * @param steps           glimpses T (paper MNIST: 64)
 * @param learningRate    Adam learning rate
 * @param gradientClip    global L2-norm clip of the gradient of the batch-mean bound; 0 = off
 * @param initialLogDelta initial bias of log δ̃ of both attention heads (PAPERS.md: ≈ −0.7)
 * @param noise           SAMPLED (ε ~ N(0, I) per example and step, training) or FIXED (a constant
 *                        per-step ε from a constant stream: deterministic, for gradient checks)
 * @param seed            seed of the weight init
 */
public record DrawConfig(int height, int width, boolean attention, int readN, int writeN, int encoderSize,
                         int decoderSize, int latentSize, int steps, double learningRate, double gradientClip,
                         double initialLogDelta, Noise noise, long seed) implements Serializable {

    /** Where the reparameterisation noise ε of z_t = μ_t + σ_t ε comes from. */
    public enum Noise { SAMPLED, FIXED }

    public DrawConfig {
        positive("height", height);
        positive("width", width);
        positive("readN", readN);
        positive("writeN", writeN);
        positive("encoderSize", encoderSize);
        positive("decoderSize", decoderSize);
        positive("latentSize", latentSize);
        positive("steps", steps);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("draw.learningRate must be finite and > 0 but was " + learningRate);
        }
        if (!(gradientClip >= 0) || !Double.isFinite(gradientClip)) {
            throw new IllegalArgumentException("draw.gradientClip must be finite and >= 0 (0 = off) but was "
                    + gradientClip);
        }
        if (!Double.isFinite(initialLogDelta)) {
            throw new IllegalArgumentException("draw.initialLogDelta must be finite but was " + initialLogDelta);
        }
        if (noise == null) {
            throw new IllegalArgumentException("draw.noise must be one of SAMPLED, FIXED but was null");
        }
    }

    /** The paper's MNIST model: 28×28, LSTM 256/256, z 100, read 2×2, write 5×5, T = 64, Adam 1e-3. */
    public static DrawConfig paper() {
        return new DrawConfig(28, 28, true, 2, 5, 256, 256, 100, 64, 1e-3, 100.0, -0.7, Noise.SAMPLED, 42L);
    }

    /**
     * The paper's sizes with T = 10 glimpses. The cost of a SameDiff step is dominated by the number
     * of ops, which grows linearly with T, so T = 10 trains ~6× faster per batch than T = 64 while a
     * T = 10, N = 5 model still reaches ~95–100 nats (PAPERS.md): the right trade for short
     * distributed runs and smoke tests.
     */
    public static DrawConfig defaults() {
        return paper().withSteps(10);
    }

    /** A copy for {@code height} × {@code width} images. */
    public DrawConfig withImage(int height, int width) {
        return new DrawConfig(height, width, attention, readN, writeN, encoderSize, decoderSize, latentSize, steps,
                learningRate, gradientClip, initialLogDelta, noise, seed);
    }

    /** A copy with attention on or off. */
    public DrawConfig withAttention(boolean a) {
        return new DrawConfig(height, width, a, readN, writeN, encoderSize, decoderSize, latentSize, steps,
                learningRate, gradientClip, initialLogDelta, noise, seed);
    }

    /** A copy with T glimpses. */
    public DrawConfig withSteps(int t) {
        return new DrawConfig(height, width, attention, readN, writeN, encoderSize, decoderSize, latentSize, t,
                learningRate, gradientClip, initialLogDelta, noise, seed);
    }

    /** A copy with another noise source. */
    public DrawConfig withNoise(Noise n) {
        return new DrawConfig(height, width, attention, readN, writeN, encoderSize, decoderSize, latentSize, steps,
                learningRate, gradientClip, initialLogDelta, n, seed);
    }

    /** A copy with other network sizes (tests, small benchmarks). */
    public DrawConfig withSizes(int imageSide, int readGlimpse, int writePatch, int encoder, int decoder, int latent) {
        return new DrawConfig(imageSide, imageSide, attention, readGlimpse, writePatch, encoder, decoder, latent,
                steps, learningRate, gradientClip, initialLogDelta, noise, seed);
    }

    /** A copy with another Adam learning rate. */
    public DrawConfig withLearningRate(double lr) {
        return new DrawConfig(height, width, attention, readN, writeN, encoderSize, decoderSize, latentSize, steps,
                lr, gradientClip, initialLogDelta, noise, seed);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("draw." + name + " must be > 0 but was " + v);
        }
    }
}
