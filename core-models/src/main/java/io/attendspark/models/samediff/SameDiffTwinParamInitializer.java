package io.attendspark.models.samediff;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of a hand-written layer ({@code NtmFastLayer}, {@code DrawFastLayer},
 * {@code SpatialTransformerFastLayer}) that has a SameDiff twin: the names, shapes ('c' order),
 * order in the flat view and the initial values are those of the twin (its {@code defineParameters}
 * and {@code initializeParameters} are called), so a SameDiff model's {@code params()} can be copied
 * into a fast one and back.
 */
public final class SameDiffTwinParamInitializer implements ParamInitializer {

    /** A layer configuration whose parameters are those of a SameDiff layer of the same model. */
    public interface Twin {
        /** The SameDiff layer of the same model: the one home of parameter names, shapes and init. */
        AbstractSameDiffLayer sameDiffTwin();
    }

    private static final SameDiffTwinParamInitializer INSTANCE = new SameDiffTwinParamInitializer();

    private SameDiffTwinParamInitializer() {
    }

    /**
     * The usual set-up of a new runtime layer in {@code Layer.instantiate}: listeners, index, the
     * parameter view and its named sub-views (initialised from the twin when {@code initializeParams}).
     */
    public static <R extends org.deeplearning4j.nn.layers.BaseLayer<?>> R wire(R runtime, NeuralNetConfiguration conf,
            java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams) {
        return io.attendspark.models.dl4j.RuntimeWiring.wire(runtime, INSTANCE, conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }

    public static SameDiffTwinParamInitializer getInstance() {
        return INSTANCE;
    }

    private static SDLayerParams params(Layer layer) {
        if (!(layer instanceof Twin fast)) {
            throw new IllegalArgumentException("layer must have a SameDiff twin (NtmFastLayer, DrawFastLayer,"
                    + " SpatialTransformerFastLayer) but was " + layer);
        }
        SDLayerParams p = new SDLayerParams();
        fast.sameDiffTwin().defineParameters(p);
        return p;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long n = 0;
        for (long[] shape : params(layer).getParamShapes().values()) {
            long len = 1;
            for (long s : shape) {
                len *= s;
            }
            n += len;
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return params(layer).getParameterKeys();
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return params(layer).getWeightParameterKeys();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return params(layer).getBiasParameterKeys();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return params(layer).isWeightParam(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return params(layer).isBiasParam(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Layer layer = conf.getLayer();
        Map<String, INDArray> out = views(params(layer), paramsView);
        if (initializeParams) {
            ((Twin) layer).sameDiffTwin().initializeParameters(out);      // same RNG draws in the same order
        }
        for (String s : out.keySet()) {
            conf.addVariable(s);
        }
        return out;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(params(conf.getLayer()), gradientView);
    }

    /** Consecutive 'c'-order views of {@code flat}, as SameDiffParamInitializer makes them. */
    private static Map<String, INDArray> views(SDLayerParams p, INDArray flat) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        INDArray row = flat.reshape(flat.length());
        long soFar = 0;
        for (String s : p.getParameterKeys()) {
            long[] shape = p.getParamShapes().get(s);
            long len = 1;
            for (long d : shape) {
                len *= d;
            }
            out.put(s, row.get(NDArrayIndex.interval(soFar, soFar + len)).reshape('c', shape));
            soFar += len;
        }
        return out;
    }
}
