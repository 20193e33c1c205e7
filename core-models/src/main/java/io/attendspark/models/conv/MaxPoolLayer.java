package io.attendspark.models.conv;

import io.attendspark.models.dl4j.RuntimeWiring;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link SubsamplingLayer} configuration whose runtime does max pooling in plain Java
 * ({@link MaxPool}) instead of libnd4j's {@code maxpool2d}/{@code maxpool2d_bp}; the latter's
 * backward took about 15 % of the CNN's iteration on one core (issue 7 profile). Configurations it
 * does not cover (other pooling types, NHWC, padding, dilation, "Same" mode) run DL4J's own code.
 *
 * <pre>new MaxPoolLayer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2))</pre>
 */
public class MaxPoolLayer extends SubsamplingLayer {

    /** For JSON. */
    public MaxPoolLayer() {
    }

    /** The layer {@code builder} describes. */
    public MaxPoolLayer(SubsamplingLayer.Builder builder) {
        super(builder);
        if (getPoolingType() != org.deeplearning4j.nn.conf.layers.PoolingType.MAX) {
            throw new IllegalArgumentException("MaxPoolLayer needs pooling type MAX but was " + getPoolingType());
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return RuntimeWiring.wire(new MaxPoolRuntime(conf, networkDataType), initializer(), conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public MaxPoolLayer clone() {
        return (MaxPoolLayer) super.clone();
    }

    /** Lombok's equals of DL4J's layer asks the other side; a plain SubsamplingLayer is not one of these. */
    @Override
    protected boolean canEqual(Object other) {
        return other instanceof MaxPoolLayer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxPoolLayer && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + MaxPoolLayer.class.getSimpleName().hashCode();
    }
}
