package io.attendspark.models.conv;

import io.attendspark.models.dl4j.RuntimeWiring;
import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution, its relu and a 2×2 stride-2 max pooling in one layer:
 * {@code relu(maxpool2x2(conv(x; W)) + b)}, which equals DL4J's {@link ConvolutionLayer} with a relu
 * followed by a 2×2 stride-2 max {@code SubsamplingLayer} (relu and max commute, and
 * {@code max(z) + b = max(z + b)}). Same parameters (names, shapes, initialisation) as the
 * convolution alone; the output is the pooled map {@code [N, nOut, outH/2, outW/2]} (an odd last
 * row or column of the convolution's output is dropped, as the pooling layer does in "Truncate"
 * mode; in "Strict" mode, where DL4J's pooling layer would refuse an odd size, this layer still
 * drops it). CNN masks are reduced as the two layers would.
 *
 * <p>Why one layer: the runtime ({@link ConvReluPoolRuntime}) pools each image's convolution output
 * while it is in cache ({@link GemmConvolution#forwardReluPool}), so the unpooled map and its
 * gradient, 4× the pooled size, never go through memory (issue 7: the ST-CNN's first conv). Meant
 * for convolutions of few input channels (it always takes the Java im2col + gemm path).
 *
 * <p>Covers NCHW, "Truncate" or "Strict" mode, no dilation, a plain relu, no dropout or weight
 * noise, FLOAT or DOUBLE networks; anything else is refused when the layer is built.
 *
 * <pre>new ConvReluPoolLayer(new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU))</pre>
 */
public class ConvReluPoolLayer extends ConvolutionLayer {

    /** For JSON. */
    public ConvReluPoolLayer() {
    }

    /**
     * The convolution {@code builder} describes, followed by max pooling 2×2 stride 2.
     *
     * @throws IllegalArgumentException for a configuration the fused layer does not compute
     */
    public ConvReluPoolLayer(ConvolutionLayer.Builder builder) {
        super(builder);
        String why = unsupported(false);
        if (why != null) {
            throw new IllegalArgumentException("ConvReluPoolLayer " + (getLayerName() == null ? "" : getLayerName() + " ")
                    + "supports " + why);
        }
    }

    /**
     * What this configuration has that the fused layer does not compute, or null. Before the network
     * configuration is built ({@code resolved} false) an unset activation or mode is inherited later and
     * passes; the runtime checks again.
     */
    private String unsupported(boolean resolved) {
        boolean reluOrUnset = getActivationFn() instanceof ActivationReLU r
                ? r.getMax() == null && r.getThreshold() == null && r.getNegativeSlope() == null
                : getActivationFn() == null && !resolved;
        if (!reluOrUnset) {
            return "only a plain relu activation but got " + getActivationFn();
        }
        if (getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            return "only NCHW data but got " + getCnn2dDataFormat();
        }
        boolean modeUnset = getConvolutionMode() == null && !resolved;
        if (!modeUnset && getConvolutionMode() != ConvolutionMode.Truncate
                && getConvolutionMode() != ConvolutionMode.Strict) {
            return "only Truncate or Strict convolution mode but got " + getConvolutionMode();
        }
        if (Arrays.stream(getDilation()).anyMatch(d -> d != 1)) {
            return "no dilation but got " + Arrays.toString(getDilation());
        }
        if (getIDropout() != null || getWeightNoise() != null) {
            return "no dropout or weight noise";
        }
        return null;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional conv = (InputType.InputTypeConvolutional) super.getOutputType(layerIndex,
                inputType);
        if (conv.getHeight() < 2 || conv.getWidth() < 2) {
            throw new IllegalArgumentException("ConvReluPoolLayer " + getLayerName() + ": the convolution's output "
                    + conv.getHeight() + "x" + conv.getWidth() + " is too small for 2x2 max pooling");
        }
        return InputType.convolutional(conv.getHeight() / 2, conv.getWidth() / 2, conv.getChannels(),
                conv.getFormat());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("ConvReluPoolLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        String why = unsupported(true);
        if (why == null && networkDataType != DataType.FLOAT && networkDataType != DataType.DOUBLE) {
            why = "only FLOAT or DOUBLE networks but got " + networkDataType;
        }
        if (why != null) {
            throw new IllegalArgumentException("ConvReluPoolLayer " + getLayerName() + " supports " + why);
        }
        return RuntimeWiring.wire(new ConvReluPoolRuntime(conf, networkDataType), initializer(), conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ConvReluPoolLayer clone() {
        return (ConvReluPoolLayer) super.clone();
    }

    /** Lombok's equals of DL4J's layer asks the other side; a plain ConvolutionLayer is not one of these. */
    @Override
    protected boolean canEqual(Object other) {
        return other instanceof ConvReluPoolLayer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvReluPoolLayer && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + ConvReluPoolLayer.class.getSimpleName().hashCode();
    }
}
