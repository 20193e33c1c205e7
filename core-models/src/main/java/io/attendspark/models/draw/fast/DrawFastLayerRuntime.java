package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawBound;
import io.attendspark.models.draw.DrawConfig.Noise;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
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
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runtime of {@link DrawFastLayer}: DRAW (arXiv:1502.04623v2) as a DL4J output layer whose forward
 * and backward pass are {@link DrawFastEpisode}. Like {@code DrawLayerRuntime} it flattens the image
 * to [mb, H·W] and, for {@link Noise#SAMPLED}, appends fresh ε ~ N(0, I) [mb, T·Z] from ND4J's global
 * RNG each time the input is set (eq. (6): z_t = μ_t + σ_t ε_t), so score and gradient of one
 * {@code fit} step share ε. Score (Σ_batch (L^x + L^z) + reg) / mb as the SameDiff output layer; the
 * gradient is that of the batch mean. The training forward pass is kept for the following backprop
 * and score of the same input.
 */
public class DrawFastLayerRuntime extends BaseLayer<DrawFastLayer> implements IOutputLayer {

    private transient DrawFastEpisode episode;
    private transient INDArray episodeInput;
    /** The native gemm arrays of the training (kept) and the other episodes, reused while the sizes stay. */
    private transient DrawFastGemm trainGemm, evalGemm;
    private transient long[] imageShape;
    private INDArray labels;

    public DrawFastLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    DrawFastDims dims() {
        return DrawFastDims.of(layerConf().toConfig());
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        episode = null;
        episodeInput = null;
        if (input == null) {
            super.setInput(null, workspaceMgr);
            return;
        }
        DrawFastDims d = dims();
        long n = input.size(0);
        if (input.length() != n * d.pixels()) {
            throw new IllegalArgumentException("draw input must hold [mb, 1, " + d.height() + ", " + d.width()
                    + "] images but had shape " + Arrays.toString(input.shape()));
        }
        imageShape = input.shape();
        INDArray combined;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray flat = input.dup('c').reshape('c', n, d.pixels());                       // [mb, H·W]
            combined = d.sampled()
                    ? Nd4j.concat(1, flat, Nd4j.randn(input.dataType(), n, (long) d.steps() * d.latent()))
                    : flat;                                                                // [mb, H·W (+ T·Z)]
        }
        super.setInput(combined, workspaceMgr);
    }

    /** The episode of the current input, from the cache or a new forward pass. */
    private DrawFastEpisode episode(boolean store) {
        if (episode != null && episodeInput == input) {
            return episode;
        }
        DrawFastEpisode e = run(input, store);
        if (store) {
            episode = e;
            episodeInput = input;
        }
        return e;
    }

    /** Forward pass of {@code combined} [mb, H·W (+ T·Z)]. */
    private DrawFastEpisode run(INDArray combined, boolean store) {
        DrawFastDims d = dims();
        long width = d.pixels() + (d.sampled() ? (long) d.steps() * d.latent() : 0);
        if (combined.rank() != 2 || combined.size(1) != width) {
            throw new IllegalArgumentException("draw layer input must be [mb, " + width + "] but was "
                    + Arrays.toString(combined.shape()));
        }
        int batch = (int) combined.size(0), pix = d.pixels();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {   // plain heap arrays
            double[] all = Nd4j.toFlattened('c', combined).toDoubleVector();
            double[] x = new double[batch * pix];
            double[] noise = d.sampled() ? new double[batch * d.steps() * d.latent()] : null;
            int w = (int) width;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(all, b * w, x, b * pix, pix);
                if (noise != null) {
                    System.arraycopy(all, b * w + pix, noise, b * (w - pix), w - pix);
                }
            }
            DrawFastGemm gemm = gemm(store);
            return DrawFastEpisode.forward(d, DrawFastParams.from(paramTable(), gemm), gemm, batch, x, noise, store);
        }
    }

    private DataType gemmType() {
        return dataType == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    }

    /**
     * The gemm arrays for a training episode (kept for backprop: a new one overwrites the previous,
     * which is dropped) or for any other forward pass, so that the two never share arrays.
     */
    private DrawFastGemm gemm(boolean store) {
        DrawFastGemm g = store ? trainGemm : evalGemm;
        if (g == null || g.type() != gemmType()) {
            g = new DrawFastGemm(gemmType());
            if (store) {
                trainGemm = g;
            } else {
                evalGemm = g;
            }
        }
        return g;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        DrawFastEpisode e = episode(training);
        INDArray canvas;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            canvas = Nd4j.create(e.canvas(), new long[]{input.size(0), dims().pixels()}, 'c').castTo(dataType);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, canvas.shape(), 'c');
        return out.assign(canvas);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        DrawFastEpisode e = episode(true);
        double[] dx = new double[(int) input.size(0) * dims().pixels()];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            e.backward(dx, gradientViews);
        }
        Gradient g = new DefaultGradient(gradientsFlattened);
        for (Map.Entry<String, INDArray> v : gradientViews.entrySet()) {
            g.gradientForVariable().put(v.getKey(), v.getValue());
        }
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, imageShape, 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            eps.assign(Nd4j.create(dx, imageShape, 'c').castTo(dataType));
        }
        return new Pair<>(g, eps);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        DrawFastEpisode e = episode(training);
        double s = (e.lossSum() + fullNetRegTerm) / input.size(0);
        score = s;
        return s;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        DrawFastEpisode e = episode(false);
        double[] l = new double[(int) input.size(0)];
        for (int b = 0; b < l.length; b++) {
            l[b] = e.reconstruction()[b] + e.kl()[b] + fullNetRegTerm;
        }
        INDArray out;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            out = Nd4j.create(l, new long[]{l.length, 1}, 'c').castTo(dataType);
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out);
    }

    /**
     * Batch means of L^x and L^z for {@code images} [n, 1, H, W] (or [n, H·W]) with this layer's
     * parameters and noise (SAMPLED: one draw [n, T·Z] from ND4J's global RNG, as
     * {@code DrawModels.bound}), without keeping the forward pass.
     */
    public DrawBound bound(INDArray images) {
        DrawFastDims d = dims();
        long n = images.size(0);
        DataType type = params().dataType();
        INDArray combined;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray flat = images.reshape(n, (long) d.pixels()).castTo(type);
            combined = d.sampled()
                    ? Nd4j.concat(1, flat, Nd4j.randn(type, n, (long) d.steps() * d.latent())) : flat;
        }
        DrawFastEpisode e = run(combined, false);
        double lx = 0, lz = 0;
        for (int b = 0; b < n; b++) {
            lx += e.reconstruction()[b];
            lz += e.kl()[b];
        }
        return new DrawBound(lx / n, lz / n);
    }

    @Override
    public void clear() {
        super.clear();
        episode = null;
        episodeInput = null;
    }

    // ---- IOutputLayer: labels are not used (the image is its own target) ----

    @Override
    public boolean needsLabels() {
        return false;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public double f1Score(DataSet data) {
        throw new UnsupportedOperationException("Not supported");
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("Not supported");
    }

    @Override
    public int numLabels() {
        return 0;
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw new UnsupportedOperationException("Not supported");
    }

    @Override
    public int[] predict(INDArray examples) {
        throw new UnsupportedOperationException("Not supported");
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        throw new UnsupportedOperationException("Not supported");
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("Not supported");
    }

    @Override
    public void fit(DataSet data) {
        throw new UnsupportedOperationException("Not supported");
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw new UnsupportedOperationException("Not supported");
    }
}
