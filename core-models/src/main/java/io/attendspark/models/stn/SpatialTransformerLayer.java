package io.attendspark.models.stn;

import io.attendspark.models.samediff.ExternalErrorsGradientFix;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Map;
import java.util.Objects;

/**
 * The spatial transformer module as a DL4J layer (Jaderberg et al., "Spatial Transformer Networks",
 * arXiv:1506.02025v3, §3 and App. A): localisation net → θ, grid generator (eq. (1),
 * {@link AffineGridGenerator}), bilinear sampler (eqs. (3)–(5), {@link BilinearSampler}). Insert it
 * between any two convolutional vertices of a ComputationGraph: input
 * {@code InputType.convolutional(H, W, C)} (NCHW), output {@code InputType.convolutional(H', W', C)}.
 *
 * <p>Localisation net (App. A, MNIST): conv {@code locFilters}×{@code locKernel}² (valid) → maxpool 2
 * → relu → conv {@code locFilters}×{@code locKernel}² → maxpool 2 → relu → dense {@code locHidden}
 * relu → dense 6 = θ. The last dense layer starts at the identity transform (weights 0, bias
 * [1,0,0,0,1,0]), so a fresh layer passes its input through unchanged; the other weights use the
 * layer's {@link WeightInit} (default {@link WeightInit#RELU}, i.e. He), biases start at 0.
 *
 * <p>The configuration travels as JSON (Spark executors, model zips): public no-arg constructor and
 * getters/setters for every field; input sizes are filled in by {@link #setNIn}.
 *
 * <p><b>Deviations from the paper.</b> The paper does not state the localisation net's init other
 * than the identity start of the regression layer; we use He init. Pixels outside the input read
 * {@code background} (paper: undefined / zero). Output size 0 means "same as the input". The
 * output passes through {@link ExternalErrorsGradientFix}, which undoes DL4J 1.0.0-M2.1's doubling
 * of SameDiff-layer gradients (forward value unchanged).
 */
public class SpatialTransformerLayer extends SameDiffLayer {

    private static final String W1 = "locConv1W", B1 = "locConv1b", W2 = "locConv2W", B2 = "locConv2b";
    private static final String W3 = "locDenseW", B3 = "locDenseb", W4 = "locThetaW", B4 = "locThetab";

    private int inputHeight;
    private int inputWidth;
    private int inputChannels;
    private int outputHeight;
    private int outputWidth;
    private int locFilters = 20;
    private int locKernel = 5;
    private int locHidden = 20;
    private double background;

    /** No-arg constructor for JSON; the paper's MNIST localisation net, same-size output, background 0. */
    public SpatialTransformerLayer() {
        this.weightInit = WeightInit.RELU;
    }

    public static Builder builder() {
        return new Builder();
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
            setLayerParams(null);                         // parameter shapes depend on the input size
        }
        locSize(inputHeight, "inputHeight");
        locSize(inputWidth, "inputWidth");
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        long flat = (long) locFilters * locSize(inputHeight, "inputHeight") * locSize(inputWidth, "inputWidth");
        params.addWeightParam(W1, locKernel, locKernel, inputChannels, locFilters);   // YXIO
        params.addWeightParam(W2, locKernel, locKernel, locFilters, locFilters);      // YXIO
        params.addWeightParam(W3, flat, locHidden);
        params.addWeightParam(W4, locHidden, 6);
        params.addBiasParam(B1, locFilters);
        params.addBiasParam(B2, locFilters);
        params.addBiasParam(B3, locHidden);
        params.addBiasParam(B4, 6);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInit init = weightInit == null ? WeightInit.RELU : weightInit;
        long k2 = (long) locKernel * locKernel;
        initWeights(params.get(W1), inputChannels * k2, locFilters * k2, init);
        initWeights(params.get(W2), locFilters * k2, locFilters * k2, init);
        INDArray w3 = params.get(W3);
        initWeights(w3, w3.size(0), locHidden, init);
        params.get(W4).assign(0);                                   // identity start: θ = bias = [1,0,0,0,1,0]
        params.get(B1).assign(0);
        params.get(B2).assign(0);
        params.get(B3).assign(0);
        INDArray b4 = params.get(B4);
        for (int i = 0; i < 6; i++) {
            b4.putScalar(i, AffineGridGenerator.IDENTITY[i]);
        }
    }

    private static void initWeights(INDArray view, long fanIn, long fanOut, WeightInit init) {
        WeightInitUtil.initWeights(fanIn, fanOut, view.shape(), init, null, 'c', view);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> p, SDVariable mask) {
        Conv2DConfig conv = Conv2DConfig.builder().kH(locKernel).kW(locKernel).build();       // valid, NCHW, YXIO
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).build();     // valid
        SDVariable locConv1 = sd.cnn().conv2d("locConv1", layerInput, p.get(W1), p.get(B1), conv); // [mb, F, H-k+1, W-k+1]
        SDVariable locH1 = sd.nn().relu("locH1", sd.cnn().maxPooling2d(locConv1, pool), 0);       // [mb, F, h1, w1]
        SDVariable locConv2 = sd.cnn().conv2d("locConv2", locH1, p.get(W2), p.get(B2), conv);      // [mb, F, h1-k+1, w1-k+1]
        SDVariable locH2 = sd.nn().relu("locH2", sd.cnn().maxPooling2d(locConv2, pool), 0);       // [mb, F, h2, w2]
        long flat = (long) locFilters * locSize(inputHeight, "inputHeight") * locSize(inputWidth, "inputWidth");
        SDVariable locFlat = sd.reshape("locFlat", locH2, -1, flat);                             // [mb, F·h2·w2]
        SDVariable locH3 = sd.nn().relu("locH3", locFlat.mmul(p.get(W3)).add(p.get(B3)), 0);     // [mb, hidden]
        SDVariable theta = locH3.mmul(p.get(W4)).add("theta", p.get(B4));                         // [mb, 6]
        int outH = resolvedOutputHeight();
        int outW = resolvedOutputWidth();
        AffineGridGenerator.SourceGrid grid =
                AffineGridGenerator.define(sd, theta, inputHeight, inputWidth, outH, outW);       // eq. (1)
        SDVariable v = BilinearSampler.define(sd, layerInput, grid, inputChannels, inputHeight, inputWidth,
                outH, outW, background);                                                           // eqs. (3)-(5)
        return ExternalErrorsGradientFix.apply(sd, "stOut", v);                                    // [mb, C, H', W']
    }

    /** Spatial size after conv k (valid) → pool 2 → conv k → pool 2. */
    private int locSize(int in, String what) {
        int s = ((in - locKernel + 1) / 2 - locKernel + 1) / 2;
        if (in - locKernel + 1 < 2 || s < 1) {
            throw new IllegalArgumentException("stn." + what + " must be >= " + (3 * locKernel + 1)
                    + " for locKernel " + locKernel + " (two valid convs and two 2x2 pools) but was " + in);
        }
        return s;
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

    // ---- getters / setters (JSON) ----

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
        if (!(o instanceof SpatialTransformerLayer s) || !super.equals(o)) {
            return false;
        }
        return inputHeight == s.inputHeight && inputWidth == s.inputWidth && inputChannels == s.inputChannels
                && outputHeight == s.outputHeight && outputWidth == s.outputWidth && locFilters == s.locFilters
                && locKernel == s.locKernel && locHidden == s.locHidden
                && Double.compare(background, s.background) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inputHeight, inputWidth, inputChannels, outputHeight, outputWidth,
                locFilters, locKernel, locHidden, background);
    }

    /** Fluent construction; everything not set keeps the no-arg defaults. */
    public static final class Builder {
        private final SpatialTransformerLayer layer = new SpatialTransformerLayer();

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

        /** Updater for this layer only (e.g. the paper's 0.1× learning rate for the localisation net). */
        public Builder updater(IUpdater v) {
            layer.setUpdater(v);
            layer.setBiasUpdater(v);
            return this;
        }

        public SpatialTransformerLayer build() {
            return layer;
        }
    }
}
