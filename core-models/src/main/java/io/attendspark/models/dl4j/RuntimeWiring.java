package io.attendspark.models.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The set-up DL4J's own {@code Layer.instantiate} gives a new runtime layer, for the layers written
 * here (hand-written twins of SameDiff layers, subclasses of DL4J's convolution and pooling layers).
 */
public final class RuntimeWiring {

    private RuntimeWiring() {
    }

    /** Listeners, index, the parameter view and its named sub-views from {@code initializer}, the configuration. */
    public static <R extends Layer> R wire(R runtime, ParamInitializer initializer, NeuralNetConfiguration conf,
                                    Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
                                    boolean initializeParams) {
        runtime.setListeners(listeners);
        runtime.setIndex(layerIndex);
        runtime.setParamsViewArray(layerParamsView);
        runtime.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
        runtime.setConf(conf);
        return runtime;
    }
}
