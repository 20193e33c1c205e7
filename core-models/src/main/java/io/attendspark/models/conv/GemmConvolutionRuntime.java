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
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime layer of {@link GemmConvolutionLayer}: DL4J's convolution layer with forward and
 * backward done by {@link GemmConvolution}. The forward keeps the pre-activation z (outside the
 * workspaces) so that the backward does not run the convolution a second time, as DL4J's does; a
 * backward whose input is not the last forward's recomputes it. A plain relu or the identity is
 * done inside {@link GemmConvolution}'s own passes (relu and its derivative fused with the copies it
 * makes anyway), so those layers keep no copy of z; other activations go through DL4J's
 * activation function on the kept z.
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
        Boolean relu = fusedRelu();
        if (relu != null) {
            return convolve(training, relu, workspaceMgr);
        }
        INDArray z = preActivation(training, workspaceMgr);
        return layerConf().getActivationFn().getActivation(z, training);   // in place on z
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!handled()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        Boolean relu = fusedRelu();
        INDArray delta;
        if (relu != null) {
            if (forwardInput != input) {
                convolve(true, relu, workspaceMgr);
            }
            forwardInput = null;
            delta = epsilon.castTo(dataType);                              // ∂L/∂(the forward's output)
        } else {
            if (forwardInput != input || keptZ == null) {
                preActivation(true, workspaceMgr);
            }
            INDArray z = keptZ;
            keptZ = null;                                                  // consumed: backprop works in place
            forwardInput = null;
            spareZ = z;
            delta = layerConf().getActivationFn().backprop(z, epsilon.castTo(dataType)).getFirst();
        }
        return engineBackward(delta, workspaceMgr);
    }

    /** The engine's backward of its last forward given {@code delta} = ∂L/∂(that forward's output): DL4J's gradient and ∂L/∂input. */
    Pair<Gradient, INDArray> engineBackward(INDArray delta, LayerWorkspaceMgr workspaceMgr) {
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

    /**
     * TRUE for a plain relu, FALSE for the identity (both fused into {@link GemmConvolution}), null
     * for any other activation.
     */
    private Boolean fusedRelu() {
        IActivation a = layerConf().getActivationFn();
        if (a instanceof ActivationIdentity) {
            return Boolean.FALSE;
        }
        if (a instanceof ActivationReLU r && r.getMax() == null && r.getThreshold() == null
                && r.getNegativeSlope() == null) {
            return Boolean.TRUE;
        }
        return null;
    }

    /** relu(conv(input) + b), or conv(input) + b, in the ACTIVATIONS workspace; the engine keeps what its backward needs. */
    private INDArray convolve(boolean training, boolean relu, LayerWorkspaceMgr workspaceMgr) {
        INDArray a = convolution(training, relu, false, workspaceMgr);
        keptZ = null;
        forwardInput = input;
        return a;
    }

    /** z = conv(input) + b in the ACTIVATIONS workspace; keeps a detached copy for the backward. */
    private INDArray preActivation(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = convolution(training, false, false, workspaceMgr);
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray buffer = keptZ != null ? keptZ : spareZ;
            keptZ = buffer != null && Arrays.equals(buffer.shape(), z.shape()) ? buffer.assign(z) : z.dup('c');
        }
        forwardInput = input;
        return z;
    }

    /** The engine's forward of the input (relu and pooled as asked) into the ACTIVATIONS workspace. */
    INDArray convolution(boolean training, boolean relu, boolean pooled, LayerWorkspaceMgr workspaceMgr) {
        validateInputRank();
        INDArray x = input.castTo(dataType);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        validateInputDepth(weights.size(1));
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        ConvolutionUtils.getOutputSize(x, c.getKernelSize(), c.getStride(), c.getPadding(), c.getConvolutionMode(),
                c.getDilation(), CNN2DFormat.NCHW);                        // validates sizes (Strict mode)
        return pooled
                ? engine().forwardReluPool(x, weights, bias, c.getStride(), c.getPadding(),
                        allocator(workspaceMgr, ArrayType.ACTIVATIONS))
                : engine().forward(x, weights, bias, c.getStride(), c.getPadding(), relu,
                        allocator(workspaceMgr, ArrayType.ACTIVATIONS));
    }

    GemmConvolution engine() {
        if (engine == null) {
            engine = new GemmConvolution();
        }
        return engine;
    }

    Function<long[], INDArray> allocator(LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        return shape -> workspaceMgr.createUninitialized(type, dataType, shape, 'c');
    }
}
