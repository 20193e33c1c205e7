package io.attendspark.models.stn.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;

/**
 * Runtime of {@link SpatialTransformerFastLayer}: U {@code [N, C, H, W]} → localisation net → θ
 * ({@link StnFastLocalisation}) → grid (eq. (1)) and bilinear sampler (eqs. (3)–(5))
 * ({@link StnFastSampler}) → V {@code [N, C, H', W']}. The backward pass returns the gradient w.r.t.
 * U along both of its paths: through the sampler (eq. (6)) and through θ (eq. (7)) and the
 * localisation net. Parameters are read from and gradients written to DL4J's flat views. The
 * training forward pass is kept for the following {@link #backpropGradient} of the same input.
 */
public class SpatialTransformerFastLayerRuntime extends BaseLayer<SpatialTransformerFastLayer> {

    private transient StnFastDims dims;
    private transient StnFastLocalisation localisation;
    private transient StnFastSampler sampler;
    private transient INDArray forwardInput;   // the input whose forward pass the two parts hold

    public SpatialTransformerFastLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        double[] v = forward();
        forwardInput = training ? input : null;
        StnFastDims d = dims;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{input.size(0), d.channels(), d.outH(), d.outW()}, 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            StnFastArrays.write(out, v);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (gradientViews == null) {
            throw new IllegalStateException("stn layer " + layerId() + ": no gradient views to write into; the"
                    + " network must set them first (e.g. ComputationGraph.initGradientsView())");
        }
        if (forwardInput != input) {
            forward();
        }
        forwardInput = null;
        StnFastDims d = dims;
        int batch = Math.toIntExact(input.size(0));
        long[] outShape = {batch, d.channels(), d.outH(), d.outW()};
        if (!Arrays.equals(epsilon.shape(), outShape)) {
            throw new IllegalArgumentException("stn layer " + layerId() + ": gradient w.r.t. the output must be "
                    + Arrays.toString(outShape) + " but was " + Arrays.toString(epsilon.shape()));
        }
        Gradient g = new DefaultGradient(gradientsFlattened);
        if (!layerConf().isInputGradient()) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                double[] dTheta = sampler.backward(StnFastArrays.readDouble(epsilon, null), null);
                localisation.backward(dTheta, paramTable(), gradientViews, false);
            }
            gradientViews.forEach(g.gradientForVariable()::put);
            return new Pair<>(g, null);                                  // on the network's input: nothing to pass on
        }
        double[] dx;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            double[] dU = new double[batch * d.imageSize()];
            double[] dTheta = sampler.backward(StnFastArrays.readDouble(epsilon, null), dU);       // eqs. (6)-(7)
            INDArray dxLoc = localisation.backward(dTheta, paramTable(), gradientViews, true);
            dx = StnFastArrays.readDouble(dxLoc, null);
            for (int i = 0; i < dx.length; i++) {
                dx[i] += dU[i];                                          // U feeds both the sampler and the loc net
            }
        }
        for (Map.Entry<String, INDArray> v : gradientViews.entrySet()) {
            g.gradientForVariable().put(v.getKey(), v.getValue());
        }
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            StnFastArrays.write(eps, dx);
        }
        return new Pair<>(g, eps);
    }

    /** Forward pass of the current input; both parts keep what their backward needs. */
    private double[] forward() {
        StnFastDims d = dims();
        if (input.rank() != 4 || input.size(1) != d.channels() || input.size(2) != d.height()
                || input.size(3) != d.width()) {
            throw new IllegalArgumentException("stn layer " + layerId() + " input must be [mb, " + d.channels() + ", "
                    + d.height() + ", " + d.width() + "] (NCHW) but was " + Arrays.toString(input.shape()));
        }
        int batch = Math.toIntExact(input.size(0));
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = input.castTo(dataType);
            double[] theta = localisation.forward(x, paramTable());
            return sampler.forward(theta, StnFastArrays.readDouble(x, null), batch);
        }
    }

    /** The sizes, localisation net and sampler of this layer's configuration, built on first use. */
    private StnFastDims dims() {
        if (dims == null) {
            SpatialTransformerFastLayer c = layerConf();
            dims = c.dims();
            localisation = new StnFastLocalisation(dims);
            sampler = new StnFastSampler(dims, c.getBackground());
        }
        return dims;
    }

    @Override
    public void clear() {
        super.clear();
        forwardInput = null;
    }
}
