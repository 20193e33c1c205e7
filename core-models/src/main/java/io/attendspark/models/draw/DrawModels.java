package io.attendspark.models.draw;

import io.attendspark.models.draw.fast.DrawFastLayer;
import io.attendspark.models.draw.fast.DrawFastLayerRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds and uses DRAW (Gregor et al., "DRAW: A Recurrent Neural Network For Image Generation",
 * arXiv:1502.04623v2) as a DL4J {@link ComputationGraph}: input {@code input} [mb, 1, H, W]
 * (binarised), one {@link DrawLayer} vertex {@code draw} whose score is the batch mean of
 * L^x + L^z in nats per image. DataSet labels are ignored (the image is its own target).
 * {@link #buildFast} builds the same model with the hand-written {@link DrawFastLayer} instead; bound,
 * generate and reconstruct accept either (generate reads the fast graph's parameters into the SameDiff
 * decoder, whose parameter names are the same).
 *
 * <p>Training uses Adam ({@link DrawConfig#learningRate()}) and, if {@link DrawConfig#gradientClip()}
 * is > 0, clips the layer's (= the whole model's) gradient to that L2 norm.
 *
 * <p><b>Deviations from the paper.</b> The paper does not state its clipping or init; see
 * {@link DrawLayer}. The bound reported by {@link #bound} is a single-sample estimate (one ε per
 * example and step), as in the paper's test numbers.
 */
public final class DrawModels {

    /** Vertex name of the DRAW layer. */
    public static final String LAYER = "draw";

    private DrawModels() {
    }

    /** Builds and initialises (seeded) the model described by {@code c}. */
    public static ComputationGraph build(DrawConfig c) {
        ComputationGraph graph = new ComputationGraph(configuration(c, new DrawLayer(c)));
        graph.init();
        return graph;
    }

    /**
     * As {@link #build} with the hand-written {@link DrawFastLayer} (same parameters, initial values,
     * score and gradient as the SameDiff {@link DrawLayer}, several times faster per step on CPU).
     */
    public static ComputationGraph buildFast(DrawConfig c) {
        ComputationGraph graph = new ComputationGraph(configuration(c, new DrawFastLayer(c)));
        graph.init();
        return graph;
    }

    /** The graph configuration of {@code c} with {@code drawLayer} ({@link DrawLayer} or {@link DrawFastLayer}). */
    public static ComputationGraphConfiguration configuration(DrawConfig c,
                                                              org.deeplearning4j.nn.conf.layers.Layer drawLayer) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .dataType(Nd4j.defaultFloatingPointType())                        // float; double in gradient checks
                .updater(new Adam(c.learningRate()))
                .weightInit(WeightInit.XAVIER);
        if (c.gradientClip() > 0) {
            b.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(c.gradientClip());
        }
        return b.graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(c.height(), c.width(), 1))
                .addLayer(LAYER, drawLayer, "input")
                .setOutputs(LAYER)
                .build();
    }

    /** Whether {@code graph}'s DRAW layer is the hand-written {@link DrawFastLayer}. */
    public static boolean isFast(ComputationGraph graph) {
        Layer l = graph.getLayer(LAYER);
        return l != null && l.conf().getLayer() instanceof DrawFastLayer;
    }

    /**
     * The same model with the SameDiff {@link DrawLayer} (a copy of the parameters; the updater state is
     * not copied), or {@code graph} itself if it already is one. Building the graph re-seeds ND4J's
     * global RNG: seed it again afterwards if SAMPLED noise must be repeatable.
     */
    public static ComputationGraph asSameDiff(ComputationGraph graph) {
        if (!isFast(graph)) {
            return graph;
        }
        DrawConfig c = config(graph);
        ComputationGraph g = new ComputationGraph(configuration(c, new DrawLayer(c)));
        g.getConfiguration().setDataType(graph.params().dataType());
        g.init(graph.params().dup(), false);
        return g;
    }

    /** The configuration the graph was built from. */
    public static DrawConfig config(ComputationGraph graph) {
        Layer l = graph.getLayer(LAYER);
        if (l != null && l.conf().getLayer() instanceof DrawFastLayer f) {
            return f.toConfig();
        }
        return layerConf(graph).toConfig();
    }

    /** Number of parameters of the model {@code c} describes, without building it. */
    public static long parameterCount(DrawConfig c) {
        return new DrawNetwork(c).parameterCount();
    }

    /**
     * Batch means of L^x and L^z for {@code images} [n, 1, H, W] with the model's noise (SAMPLED draws
     * from ND4J's global RNG: seed it for a repeatable estimate).
     */
    public static DrawBound bound(ComputationGraph graph, INDArray images) {
        if (isFast(graph)) {
            return ((DrawFastLayerRuntime) graph.getLayer(LAYER)).bound(images);
        }
        DrawLayer conf = layerConf(graph);
        long n = images.size(0);
        SameDiff sd = SameDiff.create();
        INDArray params = graph.getLayer(LAYER).params();
        SDVariable x = sd.constant("x", images.reshape(n, (long) conf.getHeight() * conf.getWidth())
                .castTo(params.dataType()));
        SDVariable noise = conf.getNoise() == DrawConfig.Noise.SAMPLED
                ? sd.constant(Nd4j.randn(params.dataType(), n, (long) conf.getSteps() * conf.getLatentSize())) : null;
        DrawNetwork.Outputs out = conf.network().define(sd, x, noise, constants(sd, graph));
        Map<String, INDArray> r = sd.output(Map.of(), out.reconstruction().name(), out.kl().name());
        return new DrawBound(r.get(out.reconstruction().name()).meanNumber().doubleValue(),
                r.get(out.kl().name()).meanNumber().doubleValue());
    }

    /**
     * σ(c_T) [n, 1, H, W] of the full (encoder + decoder) pass on {@code images} [n, 1, H, W], with the
     * model's noise (SAMPLED: one ε draw from ND4J's global RNG).
     */
    public static INDArray reconstruct(ComputationGraph graph, DrawConfig c, INDArray images) {
        requireMatches(graph, c);
        INDArray out = graph.outputSingle(false, images);                                   // [n, H·W]
        return out.reshape(images.size(0), 1, c.height(), c.width());
    }

    /** Decoder alone from z_t ~ N(0, I) ({@code seed}): every canvas σ(c_t) and write window. */
    public static DrawCanvases generate(ComputationGraph graph, DrawConfig c, int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("draw generate n must be > 0 but was " + n);
        }
        requireMatches(graph, c);
        DrawNetwork net = layerConf(graph).network();
        DataType type = graph.getLayer(LAYER).params().dataType();
        SameDiff sd = SameDiff.create();
        Random rng = new Random(seed);
        SDVariable[] zs = new SDVariable[c.steps()];
        for (int t = 0; t < zs.length; t++) {
            double[] v = new double[n * c.latentSize()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
            }
            zs[t] = sd.constant(Nd4j.create(v).reshape(n, c.latentSize()).castTo(type));
        }
        DrawNetwork.Generated g = net.defineGenerator(sd, constants(sd, graph), zs, n);
        List<String> names = new ArrayList<>();
        g.canvases().forEach(v -> names.add(v.name()));
        g.windows().forEach(v -> names.add(v.name()));
        Map<String, INDArray> r = sd.output(Map.of(), names.toArray(new String[0]));
        INDArray canvases = Nd4j.create(type, n, c.steps(), c.height(), c.width());
        INDArray windows = c.attention() ? Nd4j.create(type, n, c.steps(), 3) : null;
        for (int t = 0; t < c.steps(); t++) {
            canvases.get(NDArrayIndex.all(), NDArrayIndex.point(t))
                    .assign(r.get(g.canvases().get(t).name()).reshape(n, c.height(), c.width()));
            if (windows != null) {
                windows.get(NDArrayIndex.all(), NDArrayIndex.point(t)).assign(r.get(g.windows().get(t).name()));
            }
        }
        return new DrawCanvases(canvases, windows);
    }

    private static Map<String, SDVariable> constants(SameDiff sd, ComputationGraph graph) {
        Map<String, SDVariable> p = new LinkedHashMap<>();
        graph.getLayer(LAYER).paramTable().forEach((k, v) -> p.put(k, sd.constant(k, v.dup())));
        return p;
    }

    private static DrawLayer layerConf(ComputationGraph graph) {
        if (isFast(graph)) {
            return new DrawLayer(config(graph));
        }
        Layer l = graph.getLayer(LAYER);
        if (l == null || !(l.conf().getLayer() instanceof DrawLayer d)) {
            throw new IllegalArgumentException("graph has no DRAW vertex \"" + LAYER + "\" (vertices: "
                    + graph.getConfiguration().getVertices().keySet() + "); build it with DrawModels.build");
        }
        return d;
    }

    private static void requireMatches(ComputationGraph graph, DrawConfig c) {
        DrawConfig g = config(graph);
        if (g.height() != c.height() || g.width() != c.width() || g.steps() != c.steps()
                || g.attention() != c.attention() || g.latentSize() != c.latentSize()) {
            throw new IllegalArgumentException("draw config must match the graph's " + g + " but was " + c);
        }
    }
}
