package io.attendspark.models.ntm.fast;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;

/**
 * Runtime of {@link NtmFastLayer}: forward ({@code [b, in, T]} → logits {@code [b, out, T]}) and
 * backprop through time by {@link NtmFastEpisode} in double precision; parameters are read from
 * and gradients written to DL4J's flat views. The training-mode forward pass is kept for the
 * following {@link #backpropGradient} of the same input.
 */
public class NtmFastLayerRuntime extends BaseLayer<NtmFastLayer> {

    private transient NtmFastEpisode episode;
    private transient INDArray episodeInput;
    private transient NtmFastHistory history;

    public NtmFastLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    private NtmFastEpisode forward() {
        NtmFastDims d = layerConf().dims();
        if (input.rank() != 3 || input.size(1) != d.in() || input.size(2) != d.steps()) {
            throw new IllegalArgumentException("ntm input must be [batch, " + d.in() + ", " + d.steps()
                    + "] but was " + Arrays.toString(input.shape()));
        }
        int batch = (int) input.size(0);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {   // plain heap arrays
            double[] x = Nd4j.toFlattened('c', input).toDoubleVector();
            if (history == null) {
                history = new NtmFastHistory();
            }
            episode = null;                                       // its memory states are about to be overwritten
            return NtmFastEpisode.forward(d, NtmFastParams.from(paramTable(), d), batch, x, history);
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        NtmFastEpisode e = forward();
        episode = training ? e : null;
        episodeInput = training ? input : null;
        NtmFastDims d = layerConf().dims();
        INDArray logits;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            logits = Nd4j.create(e.logits(), new long[]{input.size(0), d.out(), d.steps()}, 'c').castTo(dataType);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, logits.shape(), 'c');
        return out.assign(logits);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        NtmFastEpisode e = episode != null && episodeInput == input ? episode : forward();
        episode = null;
        episodeInput = null;
        NtmFastDims d = layerConf().dims();
        double[] dx = new double[Math.toIntExact(input.length())];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            e.backward(Nd4j.toFlattened('c', epsilon).toDoubleVector(), dx).writeTo(gradientViews);
        }
        Gradient g = new DefaultGradient(gradientsFlattened);
        for (Map.Entry<String, INDArray> v : gradientViews.entrySet()) {
            g.gradientForVariable().put(v.getKey(), v.getValue());
        }
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            eps.assign(Nd4j.create(dx, input.shape(), 'c').castTo(dataType));
        }
        return new Pair<>(g, eps);
    }

    @Override
    public void clear() {
        super.clear();
        episode = null;
        episodeInput = null;
    }
}
