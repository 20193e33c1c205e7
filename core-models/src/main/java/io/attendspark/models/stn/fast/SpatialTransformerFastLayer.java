package io.attendspark.models.stn.fast;

import io.attendspark.models.samediff.SameDiffTwinParamInitializer;
import io.attendspark.models.stn.SpatialTransformerLayer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Collection;
import java.util.Objects;

/**
 * The spatial transformer module (Jaderberg et al., "Spatial Transformer Networks",
 * arXiv:1506.02025v3, §3 and App. A) as a DL4J layer with a hand-written forward and backward pass:
 * the same model, configuration fields, parameters (names, YXIO conv shapes, order, initial values
 * for the same seed), input/output types and gradients as the SameDiff
 * {@link SpatialTransformerLayer} (with its {@code ExternalErrorsGradientFix}, i.e. the true
 * gradients). Runtime: {@link SpatialTransformerFastLayerRuntime}: localisation net
 * ({@link StnFastLocalisation}, convs by {@code GemmConvolution}), grid and bilinear sampler as a
 * 4-tap gather ({@link StnFastSampler}).
 *
 * <p>Input {@code InputType.convolutional(H, W, C)} (NCHW), output
 * {@code InputType.convolutional(H', W', C)}; output size 0 means the input size. Pixels outside
 * the input read {@code background}. The θ layer starts at the identity (weights 0, bias
 * [1,0,0,0,1,0]); the other weights use {@link #getWeightInit() weightInit} (default
 * {@link WeightInit#RELU}, He), biases 0. As for the SameDiff layer, the network-wide weight init
 * and dropout do not apply to this layer; the updater does unless set here.
 *
 * <p>The configuration travels as JSON: public no-arg constructor and getters/setters for every
 * field; input sizes are filled in by {@link #setNIn}.
 *
 * <p><b>Deviations from the paper.</b> Exactly those of {@link SpatialTransformerLayer}.
 */
public class SpatialTransformerFastLayer extends BaseLayer implements SameDiffTwinParamInitializer.Twin {

    private int inputHeight;
    private int inputWidth;
    private int inputChannels;
    private int outputHeight;
    private int outputWidth;
    private int locFilters = 20;
    private int locKernel = 5;
    private int locHidden = 20;
    private double background;
    private WeightInit weightInit = WeightInit.RELU;
    private boolean inputGradient = true;

    /** No-arg constructor for JSON; the paper's MNIST localisation net, same-size output, background 0. */
    public SpatialTransformerFastLayer() {
        // all fields have defaults
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SameDiff layer of the same model: the one home of parameter names, shapes and init. */
    @Override
    public SpatialTransformerLayer sameDiffTwin() {
        SpatialTransformerLayer l = new SpatialTransformerLayer();
        l.setInputHeight(inputHeight);
        l.setInputWidth(inputWidth);
        l.setInputChannels(inputChannels);
        l.setOutputHeight(outputHeight);
        l.setOutputWidth(outputWidth);
        l.setLocFilters(locFilters);
        l.setLocKernel(locKernel);
        l.setLocHidden(locHidden);
        l.setBackground(background);
        l.setWeightInit(weightInit);
        l.setLayerName(getLayerName());
        return l;
    }

    /** The sizes of this layer (input size known, i.e. after {@link #setNIn}). */
    StnFastDims dims() {
        if (inputHeight <= 0 || inputWidth <= 0 || inputChannels <= 0) {
            throw new IllegalStateException("stn input size not set (inputHeight " + inputHeight + ", inputWidth "
                    + inputWidth + ", inputChannels " + inputChannels + "); the layer must be in a built graph");
        }
        return new StnFastDims(inputChannels, inputHeight, inputWidth, resolvedOutputHeight(), resolvedOutputWidth(),
                locFilters, locKernel, locHidden);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return SameDiffTwinParamInitializer.wire(new SpatialTransformerFastLayerRuntime(conf, networkDataType), conf,
                listeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return SameDiffTwinParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional c = requireCnn(inputType);
        return InputType.convolutional(resolvedOutputHeight(), resolvedOutputWidth(), c.getChannels());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional c = requireCnn(inputType);
        if (inputHeight <= 0 || override) {
            inputHeight = Math.toIntExact(c.getHeight());
            inputWidth = Math.toIntExact(c.getWidth());
            inputChannels = Math.toIntExact(c.getChannels());
        }
        dims();                                                     // validates the sizes
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, SpatialTransformerFastLayer.class, inputType,
                getOutputType(0, inputType))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    private int resolvedOutputHeight() {
        return outputHeight > 0 ? outputHeight : inputHeight;
    }

    private int resolvedOutputWidth() {
        return outputWidth > 0 ? outputWidth : inputWidth;
    }

    private static InputType.InputTypeConvolutional requireCnn(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("stn input must be InputType.convolutional(H, W, C) but was " + inputType);
        }
        if (c.getFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("stn input format must be NCHW but was " + c.getFormat());
        }
        return c;
    }

    // ---- getters / setters (JSON); validation and messages as SpatialTransformerLayer ----

    public int getInputHeight() { return inputHeight; }
    public void setInputHeight(int inputHeight) { this.inputHeight = inputHeight; }
    public int getInputWidth() { return inputWidth; }
    public void setInputWidth(int inputWidth) { this.inputWidth = inputWidth; }
    public int getInputChannels() { return inputChannels; }
    public void setInputChannels(int inputChannels) { this.inputChannels = inputChannels; }
    public int getOutputHeight() { return outputHeight; }
    public void setOutputHeight(int outputHeight) { this.outputHeight = nonNegative("outputHeight", outputHeight); }
    public int getOutputWidth() { return outputWidth; }
    public void setOutputWidth(int outputWidth) { this.outputWidth = nonNegative("outputWidth", outputWidth); }
    public int getLocFilters() { return locFilters; }
    public void setLocFilters(int locFilters) { this.locFilters = positive("locFilters", locFilters); }
    public int getLocKernel() { return locKernel; }
    public void setLocKernel(int locKernel) { this.locKernel = positive("locKernel", locKernel); }
    public int getLocHidden() { return locHidden; }
    public void setLocHidden(int locHidden) { this.locHidden = positive("locHidden", locHidden); }
    public double getBackground() { return background; }

    public void setBackground(double background) {
        if (!Double.isFinite(background)) {
            throw new IllegalArgumentException("stn.background must be finite but was " + background);
        }
        this.background = background;
    }

    /** Init of the localisation net's weights other than θ's (the twin's {@code weightInit}). */
    public WeightInit getWeightInit() { return weightInit; }

    public void setWeightInit(WeightInit weightInit) {
        if (weightInit == null) {
            throw new IllegalArgumentException("stn.weightInit must be a WeightInit but was null");
        }
        this.weightInit = weightInit;
    }

    /**
     * Whether the backward pass computes ∂L/∂input (default true). A layer that reads the network's
     * input can leave it out (DL4J discards it there): the sampler's scatter, the localisation net's
     * first ∂col product and its col2im are skipped, and the layer returns no input gradient.
     */
    public boolean isInputGradient() { return inputGradient; }

    public void setInputGradient(boolean inputGradient) { this.inputGradient = inputGradient; }

    private static int positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("stn." + name + " must be > 0 but was " + v);
        }
        return v;
    }

    private static int nonNegative(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException("stn." + name + " must be >= 0 (0 = input size) but was " + v);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SpatialTransformerFastLayer s) || !super.equals(o)) {
            return false;
        }
        return inputHeight == s.inputHeight && inputWidth == s.inputWidth && inputChannels == s.inputChannels
                && outputHeight == s.outputHeight && outputWidth == s.outputWidth && locFilters == s.locFilters
                && locKernel == s.locKernel && locHidden == s.locHidden
                && Double.compare(background, s.background) == 0 && weightInit == s.weightInit
                && inputGradient == s.inputGradient;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inputHeight, inputWidth, inputChannels, outputHeight, outputWidth,
                locFilters, locKernel, locHidden, background, weightInit, inputGradient);
    }

    /** Fluent construction, as {@link SpatialTransformerLayer.Builder}; everything not set keeps the defaults. */
    public static final class Builder {
        private final SpatialTransformerFastLayer layer = new SpatialTransformerFastLayer();

        public Builder outputSize(int height, int width) {
            layer.setOutputHeight(height);
            layer.setOutputWidth(width);
            return this;
        }

        public Builder locFilters(int v) { layer.setLocFilters(v); return this; }
        public Builder locKernel(int v) { layer.setLocKernel(v); return this; }
        public Builder locHidden(int v) { layer.setLocHidden(v); return this; }
        public Builder background(double v) { layer.setBackground(v); return this; }
        public Builder weightInit(WeightInit v) { layer.setWeightInit(v); return this; }
        /** False on the network's input: see {@link SpatialTransformerFastLayer#isInputGradient()}. */
        public Builder inputGradient(boolean v) { layer.setInputGradient(v); return this; }

        /** Updater for this layer only (e.g. the paper's 0.1× learning rate for the localisation net). */
        public Builder updater(IUpdater v) {
            layer.setIUpdater(v);
            layer.setBiasUpdater(v);
            return this;
        }

        public SpatialTransformerFastLayer build() {
            return layer;
        }
    }
}
