package io.attendspark.models.conv;

import java.util.function.Function;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime layer of {@link ConvReluPoolLayer}: {@link GemmConvolution#forwardReluPool} and its
 * backward. The engine keeps what the backward needs (the input, the winning tap of every window);
 * a backward whose input is not the last forward's runs the forward again.
 */
public class ConvReluPoolRuntime extends ConvolutionLayer {

    private transient GemmConvolution engine;
    private transient INDArray forwardInput;

    public ConvReluPoolRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        validateInputRank();
        INDArray x = input.castTo(dataType);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        validateInputDepth(weights.size(1));
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        ConvolutionUtils.getOutputSize(x, c.getKernelSize(), c.getStride(), c.getPadding(), c.getConvolutionMode(),
                c.getDilation(), CNN2DFormat.NCHW);                        // validates sizes (Strict mode)
        INDArray out = engine().forwardReluPool(x, weights, bias, c.getStride(), c.getPadding(),
                allocator(workspaceMgr, ArrayType.ACTIVATIONS));
        forwardInput = input;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (forwardInput != input) {
            activate(true, workspaceMgr);
        }
        forwardInput = null;
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray biasGrad = hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray epsNext = engine().backward(epsilon.castTo(dataType), weights, weightGrad, biasGrad,
                allocator(workspaceMgr, ArrayType.ACTIVATION_GRAD));
        Gradient g = new DefaultGradient();
        if (biasGrad != null) {
            g.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        g.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        weightNoiseParams.clear();
        return new Pair<>(g, epsNext);
    }

    private GemmConvolution engine() {
        if (engine == null) {
            engine = new GemmConvolution();
        }
        return engine;
    }

    private Function<long[], INDArray> allocator(LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        return shape -> workspaceMgr.createUninitialized(type, dataType, shape, 'c');
    }
}
