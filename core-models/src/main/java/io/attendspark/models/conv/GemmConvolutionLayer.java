package io.attendspark.models.conv;

import io.attendspark.models.dl4j.RuntimeWiring;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link ConvolutionLayer} configuration, same parameters, same JSON fields, whose runtime
 * layer computes NCHW convolutions with {@link GemmConvolution} (Java im2col + one gemm per pass)
 * instead of DL4J 1.0.0-M2.1's built-in path, about 3× faster per iteration on the ST-CNN's
 * classifier on one core (issue 7). Configurations it does not cover (NHWC, dilation, "Same" mode,
 * dropout, weight noise) run DL4J's own code unchanged ({@link GemmConvolutionRuntime}).
 *
 * <pre>new GemmConvolutionLayer(new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU))</pre>
 */
public class GemmConvolutionLayer extends ConvolutionLayer {

    /** For JSON. */
    public GemmConvolutionLayer() {
    }

    /** The layer {@code builder} describes. */
    public GemmConvolutionLayer(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("GemmConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return RuntimeWiring.wire(new GemmConvolutionRuntime(conf, networkDataType), initializer(), conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public GemmConvolutionLayer clone() {
        return (GemmConvolutionLayer) super.clone();
    }

    /** Lombok's equals of DL4J's layer asks the other side; a plain ConvolutionLayer is not one of these. */
    @Override
    protected boolean canEqual(Object other) {
        return other instanceof GemmConvolutionLayer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GemmConvolutionLayer && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + GemmConvolutionLayer.class.getSimpleName().hashCode();
    }
}
