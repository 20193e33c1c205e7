package io.attendspark.models.draw;

import io.attendspark.models.draw.DrawConfig.Noise;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime side of {@link DrawLayer}: DL4J's SameDiff output layer, with the image flattened to
 * [mb, H·W] and, for {@link Noise#SAMPLED}, fresh reparameterisation noise ε [mb, T·Z] from ND4J's
 * global RNG appended as extra input columns (DRAW, arXiv:1502.04623v2, eq. (6): z_t = μ_t + σ_t ε_t).
 * The epsilon handed back to the graph is the gradient w.r.t. the image only, in its original shape.
 */
final class DrawLayerRuntime extends SameDiffOutputLayer {

    private long[] imageShape;

    DrawLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        if (input == null) {
            super.setInput(null, workspaceMgr);
            return;
        }
        DrawLayer l = (DrawLayer) layerConf();
        long n = input.size(0);
        long pixels = (long) l.getHeight() * l.getWidth();
        if (input.length() != n * pixels) {
            throw new IllegalArgumentException("draw input must hold [mb, 1, " + l.getHeight() + ", " + l.getWidth()
                    + "] images but had shape " + java.util.Arrays.toString(input.shape()));
        }
        imageShape = input.shape();
        INDArray combined;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray flat = input.dup('c').reshape('c', n, pixels);                        // [mb, H·W]
            combined = l.getNoise() == Noise.SAMPLED
                    ? Nd4j.concat(1, flat, Nd4j.randn(input.dataType(), n, (long) l.getSteps() * l.getLatentSize()))
                    : flat;                                                                // [mb, H·W (+ T·Z)]
        }
        super.setInput(combined, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> p = super.backpropGradient(epsilon, workspaceMgr);
        DrawLayer l = (DrawLayer) layerConf();
        long pixels = (long) l.getHeight() * l.getWidth();
        INDArray dImage = p.getSecond().get(NDArrayIndex.all(), NDArrayIndex.interval(0, pixels));
        return new Pair<>(p.getFirst(), workspaceMgr.dup(org.deeplearning4j.nn.workspace.ArrayType.ACTIVATION_GRAD,
                dImage, 'c').reshape('c', imageShape));
    }
}
