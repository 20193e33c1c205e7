package io.attendspark.models.conv;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime layer of {@link ConvReluPoolLayer}: {@link GemmConvolution#forwardReluPool} and its
 * backward (through {@link GemmConvolutionRuntime}'s engine and gradient plumbing; the layer's
 * configuration is always one the engine computes, {@link ConvReluPoolLayer} refuses the others).
 * The engine keeps what the backward needs (the input, the winning tap of every window); a
 * backward whose input is not the last forward's runs the forward again.
 */
public class ConvReluPoolRuntime extends GemmConvolutionRuntime {

    private transient INDArray forwardInput;

    public ConvReluPoolRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out = convolution(training, true, true, workspaceMgr);
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
        return engineBackward(epsilon.castTo(dataType), workspaceMgr);
    }

    /** A CNN mask goes through the convolution's reduction (DL4J's), then the 2×2 stride-2 pooling's. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        Pair<INDArray, MaskState> conv = super.feedForwardMaskArray(maskArray, currentMaskState, minibatchSize);
        if (conv.getFirst() == null) {
            return conv;
        }
        INDArray pooled = ConvolutionUtils.cnn2dMaskReduction(conv.getFirst(), new int[]{2, 2}, new int[]{2, 2},
                new int[]{0, 0}, new int[]{1, 1}, ConvolutionMode.Truncate);
        return new Pair<>(pooled, conv.getSecond());
    }
}
