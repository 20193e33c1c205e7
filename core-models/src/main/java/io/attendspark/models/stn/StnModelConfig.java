package io.attendspark.models.stn;

import java.io.Serializable;

/**
 * Configuration of the ST-CNN and its CNN baseline (Jaderberg et al., "Spatial Transformer
 * Networks", arXiv:1506.02025v3, §4.1 and App. A). Built by {@link StnModels#build}.
 *
 * <p>Classifier: conv {@code conv1Filters}×{@code kernel}² → maxpool 2 → relu → conv
 * {@code conv2Filters}×{@code kernel}² → maxpool 2 → relu → dense {@code dense} relu → softmax
 * {@code classes}. The ST-CNN puts a {@link SpatialTransformerLayer} (paper's MNIST localisation
 * net: 2 conv of 20 5×5 filters, FC 20) in front; the CNN widens its dense layer instead so that
 * both have about the same number of parameters.
 *
 * <p>Defaults: Adam at 1e-3 rather than the paper's SGD 0.01 with step decay over 150k iterations
 * of batch 256. Adam converges in a few thousand small-batch steps without a schedule, which is
 * what short distributed runs with parameter averaging need, and it tolerates the very different
 * gradient scales of θ and the classifier weights. The localisation net trains at 0.1× the base
 * rate, as in the paper. Momentum is used by {@link Optimizer#NESTEROVS} only.
 *
 * @param architecture          ST_CNN (spatial transformer first) or CNN (baseline)
 * @param height                input height in pixels
 * @param width                 input width in pixels
 * @param channels              input channels
 * @param classes               number of classes
 * @param conv1Filters          filters of the first classifier conv
 * @param conv2Filters          filters of the second classifier conv
 * @param kernel                classifier conv kernel size (valid padding)
 * @param dense                 width of the classifier's hidden dense layer (ST-CNN; the CNN widens it)
 * @param learningRate          base learning rate
 * @param locLearningRateFactor learning-rate multiplier of the localisation net (paper: 0.1)
 * @param optimizer             SGD, NESTEROVS or ADAM
 * @param momentum              Nesterov momentum in [0, 1)
 * @param seed                  seed of the weight init
 */
public record StnModelConfig(Architecture architecture, int height, int width, int channels, int classes,
                             int conv1Filters, int conv2Filters, int kernel, int dense, double learningRate,
                             double locLearningRateFactor, Optimizer optimizer, double momentum, long seed)
        implements Serializable {

    /** Which model to build. */
    public enum Architecture { ST_CNN, CNN }

    /** Which updater to use. */
    public enum Optimizer { SGD, NESTEROVS, ADAM }

    public StnModelConfig {
        if (architecture == null) {
            throw new IllegalArgumentException("stn.architecture must be one of ST_CNN, CNN but was null");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("stn.optimizer must be one of SGD, NESTEROVS, ADAM but was null");
        }
        positive("height", height);
        positive("width", width);
        positive("channels", channels);
        positive("classes", classes);
        positive("conv1Filters", conv1Filters);
        positive("conv2Filters", conv2Filters);
        positive("kernel", kernel);
        positive("dense", dense);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("stn.learningRate must be finite and > 0 but was " + learningRate);
        }
        if (!(locLearningRateFactor > 0) || !Double.isFinite(locLearningRateFactor)) {
            throw new IllegalArgumentException("stn.locLearningRateFactor must be finite and > 0 but was "
                    + locLearningRateFactor);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("stn.momentum must be in [0, 1) but was " + momentum);
        }
        int minSize = 3 * kernel + 1;   // two valid convs and two 2x2 pools must leave at least 1 pixel
        if (height < minSize) {
            throw new IllegalArgumentException("stn.height must be >= " + minSize + " for kernel " + kernel
                    + " but was " + height);
        }
        if (width < minSize) {
            throw new IllegalArgumentException("stn.width must be >= " + minSize + " for kernel " + kernel
                    + " but was " + width);
        }
    }

    /** 28×28×1 MNIST, 10 classes, ST-CNN, conv 32/64 5×5, dense 256, Adam 1e-3, loc net at 0.1×. */
    public static StnModelConfig defaults() {
        return new StnModelConfig(Architecture.ST_CNN, 28, 28, 1, 10, 32, 64, 5, 256, 1e-3, 0.1,
                Optimizer.ADAM, 0.9, 42L);
    }

    /** A copy with another architecture. */
    public StnModelConfig withArchitecture(Architecture a) {
        return new StnModelConfig(a, height, width, channels, classes, conv1Filters, conv2Filters, kernel, dense,
                learningRate, locLearningRateFactor, optimizer, momentum, seed);
    }

    /** A copy with another input size (e.g. 42×42 RTS or 60×60 translated-cluttered MNIST). */
    public StnModelConfig withSize(int h, int w) {
        return new StnModelConfig(architecture, h, w, channels, classes, conv1Filters, conv2Filters, kernel, dense,
                learningRate, locLearningRateFactor, optimizer, momentum, seed);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("stn." + name + " must be > 0 but was " + v);
        }
    }
}
