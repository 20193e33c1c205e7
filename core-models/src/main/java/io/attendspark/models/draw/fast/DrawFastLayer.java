package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawConfig.Noise;
import io.attendspark.models.draw.DrawLayer;
import io.attendspark.models.samediff.SameDiffTwinParamInitializer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Objects;

/**
 * DRAW (Gregor et al., "DRAW: A Recurrent Neural Network For Image Generation", arXiv:1502.04623v2)
 * as one DL4J output layer with a hand-written forward and backward pass: the same model,
 * parameters (names, shapes, order, init), inputs, score and gradient as the SameDiff
 * {@link DrawLayer}, computed by {@link DrawFastEpisode} in plain Java with the large products as
 * ND4J gemm calls. Runtime: {@link DrawFastLayerRuntime}.
 *
 * <p>Input the binary image [mb, 1, H, W] (NCHW); with {@link Noise#SAMPLED} the runtime appends
 * ε ~ N(0, I) [mb, T·Z] from ND4J's global RNG when the input is set, exactly as
 * {@code DrawLayerRuntime} does. Score the batch mean of L^x + L^z (nats per image), gradient the
 * gradient of that mean; activations σ(c_T) [mb, H·W]. DataSet labels are ignored.
 *
 * <p><b>Deviations from the paper.</b> Exactly those of the SameDiff implementation
 * ({@code DrawNetwork}, {@code DrawFilterBank}, {@link DrawLayer}). The element-wise arithmetic is
 * done in double; the gemm calls run in the network's data type (float in training, double in the
 * equivalence and gradient checks).
 */
public class DrawFastLayer extends BaseLayer implements SameDiffTwinParamInitializer.Twin {

    private int height = 28;
    private int width = 28;
    private boolean attention = true;
    private int readN = 2;
    private int writeN = 5;
    private int encoderSize = 256;
    private int decoderSize = 256;
    private int latentSize = 100;
    private int steps = 10;
    private double learningRate = 1e-3;
    private double gradientClip = 100;
    private double initialLogDelta = -0.7;
    private Noise noise = Noise.SAMPLED;
    private long seed = 42;

    /** No-arg constructor for JSON. */
    public DrawFastLayer() {
        // all fields have defaults
    }

    /** The layer for {@code c}. */
    public DrawFastLayer(DrawConfig c) {
        height = c.height();
        width = c.width();
        attention = c.attention();
        readN = c.readN();
        writeN = c.writeN();
        encoderSize = c.encoderSize();
        decoderSize = c.decoderSize();
        latentSize = c.latentSize();
        steps = c.steps();
        learningRate = c.learningRate();
        gradientClip = c.gradientClip();
        initialLogDelta = c.initialLogDelta();
        noise = c.noise();
        seed = c.seed();
    }

    /** The configuration this layer was built from. */
    public DrawConfig toConfig() {
        return new DrawConfig(height, width, attention, readN, writeN, encoderSize, decoderSize, latentSize, steps,
                learningRate, gradientClip, initialLogDelta, noise, seed);
    }

    /** The SameDiff layer of the same model: the one home of parameter names, shapes and init. */
    @Override
    public DrawLayer sameDiffTwin() {
        return new DrawLayer(toConfig());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return SameDiffTwinParamInitializer.wire(new DrawFastLayerRuntime(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return SameDiffTwinParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward((long) height * width);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c) || c.getFormat() != CNN2DFormat.NCHW
                || c.getChannels() != 1 || c.getHeight() != height || c.getWidth() != width) {
            throw new IllegalArgumentException("draw input must be InputType.convolutional(" + height + ", " + width
                    + ", 1) NCHW but was " + inputType);
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;                                              // the runtime flattens the image itself
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, DrawFastLayer.class, inputType, getOutputType(0, inputType))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    // ---- getters / setters (JSON) ----

    public int getHeight() { return height; }
    public void setHeight(int height) { this.height = height; }
    public int getWidth() { return width; }
    public void setWidth(int width) { this.width = width; }
    public boolean isAttention() { return attention; }
    public void setAttention(boolean attention) { this.attention = attention; }
    public int getReadN() { return readN; }
    public void setReadN(int readN) { this.readN = readN; }
    public int getWriteN() { return writeN; }
    public void setWriteN(int writeN) { this.writeN = writeN; }
    public int getEncoderSize() { return encoderSize; }
    public void setEncoderSize(int encoderSize) { this.encoderSize = encoderSize; }
    public int getDecoderSize() { return decoderSize; }
    public void setDecoderSize(int decoderSize) { this.decoderSize = decoderSize; }
    public int getLatentSize() { return latentSize; }
    public void setLatentSize(int latentSize) { this.latentSize = latentSize; }
    public int getSteps() { return steps; }
    public void setSteps(int steps) { this.steps = steps; }
    public double getLearningRate() { return learningRate; }
    public void setLearningRate(double learningRate) { this.learningRate = learningRate; }
    public double getGradientClip() { return gradientClip; }
    public void setGradientClip(double gradientClip) { this.gradientClip = gradientClip; }
    public double getInitialLogDelta() { return initialLogDelta; }
    public void setInitialLogDelta(double initialLogDelta) { this.initialLogDelta = initialLogDelta; }
    public Noise getNoise() { return noise; }
    public void setNoise(Noise noise) { this.noise = noise; }
    public long getSeed() { return seed; }
    public void setSeed(long seed) { this.seed = seed; }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DrawFastLayer l) || !super.equals(o)) {
            return false;
        }
        return toConfig().equals(l.toConfig());
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), toConfig());
    }
}
