package io.attendspark.models.conv;

import java.util.Arrays;
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
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime layer of {@link GemmConvolutionLayer}: DL4J's convolution layer with forward and
 * backward done by {@link GemmConvolution}. The forward keeps the pre-activation z (outside the
 * workspaces) so that the backward does not run the convolution a second time, as DL4J's does; a
 * backward whose input is not the last forward's recomputes it.
 */
public class GemmConvolutionRuntime extends ConvolutionLayer {

    private transient GemmConvolution engine;
    private transient INDArray forwardInput;   // the input whose z is kept
    private transient INDArray keptZ;          // [N, O, outH, outW], detached
    private transient INDArray spareZ;         // keptZ's buffer after a backward consumed it

    public GemmConvolutionRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** True when {@link GemmConvolution} computes exactly what DL4J's layer would. */
    boolean handled() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return JavaKernels.cover(c.getCnn2dDataFormat(), c.getConvolutionMode(), c.getDilation(), dataType)
                && c.getIDropout() == null && c.getWeightNoise() == null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!handled()) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        INDArray z = preActivation(training, workspaceMgr);
        return layerConf().getActivationFn().getActivation(z, training);   // in place on z
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!handled()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        if (forwardInput != input || keptZ == null) {
            preActivation(true, workspaceMgr);
        }
        INDArray z = keptZ;
        keptZ = null;                                                      // consumed: backprop works in place
        forwardInput = null;
        spareZ = z;
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon.castTo(dataType)).getFirst();
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray biasGrad = hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray epsNext = engine().backward(delta, weights, weightGrad, biasGrad,
                allocator(workspaceMgr, ArrayType.ACTIVATION_GRAD));
        Gradient g = new DefaultGradient();
        if (biasGrad != null) {
            g.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        g.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        weightNoiseParams.clear();
        return new Pair<>(g, epsNext);
    }

    /** z = conv(input) + b in the ACTIVATIONS workspace; keeps a detached copy for the backward. */
    private INDArray preActivation(boolean training, LayerWorkspaceMgr workspaceMgr) {
        validateInputRank();
        INDArray x = input.castTo(dataType);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        validateInputDepth(weights.size(1));
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        ConvolutionUtils.getOutputSize(x, c.getKernelSize(), c.getStride(), c.getPadding(), c.getConvolutionMode(),
                c.getDilation(), CNN2DFormat.NCHW);                        // validates sizes (Strict mode)
        INDArray z = engine().forward(x, weights, bias, c.getStride(), c.getPadding(),
                allocator(workspaceMgr, ArrayType.ACTIVATIONS));
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray buffer = keptZ != null ? keptZ : spareZ;
            keptZ = buffer != null && Arrays.equals(buffer.shape(), z.shape()) ? buffer.assign(z) : z.dup('c');
        }
        forwardInput = input;
        return z;
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
