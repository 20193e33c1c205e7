package io.attendspark.models.conv;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
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
}
