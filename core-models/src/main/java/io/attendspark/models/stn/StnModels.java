package io.attendspark.models.stn;

import io.attendspark.models.conv.ConvReluPoolLayer;
import io.attendspark.models.conv.GemmConvolutionLayer;
import io.attendspark.models.conv.MaxPoolLayer;
import io.attendspark.models.stn.StnModelConfig.Architecture;
import io.attendspark.models.stn.fast.SpatialTransformerFastLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the ST-CNN and CNN classifiers of Jaderberg et al., "Spatial Transformer Networks"
 * (arXiv:1506.02025v3, §4.1, Table 1) as DL4J {@link ComputationGraph}s.
 *
 * <p>Graph: {@code input} [mb, C, H, W] → ({@code st}: {@link SpatialTransformerFastLayer}, or the
 * SameDiff {@link SpatialTransformerLayer} of the same model with {@link #buildSameDiff}; same output
 * size, ST-CNN only) → {@code conv1} → {@code conv2} → {@code pool2} → {@code dense} → {@code output}
 * (softmax, MCXENT). Each conv carries its relu: relu∘maxpool = maxpool∘relu, so conv→pool→relu of
 * the paper is computed exactly with one layer less; {@code conv1} is a {@link ConvReluPoolLayer},
 * conv, relu and the first 2×2 max pool in one layer (its full-size output map never goes through
 * memory), {@code conv2} a {@link GemmConvolutionLayer} and {@code pool2} a {@link MaxPoolLayer}.
 *
 * <p>The CNN baseline has no {@code st}; its dense width is
 * {@code dense + round(locParams / (flat + 1 + classes))}, where {@code flat} is the classifier's
 * flattened conv output, so that its parameter count is within one dense unit's worth of the
 * ST-CNN's (28×28: 273 instead of 256 units, 334,661 vs 334,152 parameters).
 *
 * <p><b>Deviations from the paper.</b> Adam by default (see {@link StnModelConfig}); no dropout or
 * batch norm, so training is plain deterministic math (distributed-equivalence tests rely on it);
 * the localisation net is the paper's MNIST one (20 filters 5×5 twice, FC 20) at every input size.
 */
public final class StnModels {

    /** Localisation net of App. A (MNIST): 20 filters, 5×5 kernels, 20 hidden units. */
    public static final int LOC_FILTERS = 20;
    public static final int LOC_KERNEL = 5;
    public static final int LOC_HIDDEN = 20;

    private StnModels() {
    }

    /** Builds and initialises (seeded) the model described by {@code c}; hand-written spatial transformer. */
    public static ComputationGraph build(StnModelConfig c) {
        return build(c, true);
    }

    /**
     * The same model as {@link #build} (same parameters for the same seed) with the SameDiff
     * {@link SpatialTransformerLayer}, the reference implementation (slower).
     */
    public static ComputationGraph buildSameDiff(StnModelConfig c) {
        return build(c, false);
    }

    private static ComputationGraph build(StnModelConfig c, boolean fast) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .updater(updater(c, c.learningRate()))
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(c.height(), c.width(), c.channels()));
        String previous = "input";
        if (c.architecture() == Architecture.ST_CNN) {
            IUpdater locUpdater = updater(c, c.learningRate() * c.locLearningRateFactor());
            Layer st = fast
                    ? SpatialTransformerFastLayer.builder().locFilters(LOC_FILTERS).locKernel(LOC_KERNEL)
                            .locHidden(LOC_HIDDEN).updater(locUpdater)
                            .inputGradient(false).build()                 // it reads the network's input
                    : SpatialTransformerLayer.builder().locFilters(LOC_FILTERS).locKernel(LOC_KERNEL)
                            .locHidden(LOC_HIDDEN).updater(locUpdater).build();
            g.addLayer("st", st, previous);
            previous = "st";
        }
        g.addLayer("conv1", new ConvReluPoolLayer(new ConvolutionLayer.Builder(c.kernel(), c.kernel())
                        .nOut(c.conv1Filters()).activation(Activation.RELU)), previous)      // conv, relu, pool
                .addLayer("conv2", new GemmConvolutionLayer(new ConvolutionLayer.Builder(c.kernel(), c.kernel())
                        .nOut(c.conv2Filters()).activation(Activation.RELU)), "conv1")
                .addLayer("pool2", maxPool2(), "conv2")
                .addLayer("dense", new DenseLayer.Builder().nOut(denseWidth(c)).activation(Activation.RELU).build(),
                        "pool2")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(c.classes())
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "dense")
                .setOutputs("output");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /**
     * The spatial transformer's output {@code [mb, C, H, W]} for {@code input}, inference mode.
     *
     * @throws IllegalArgumentException if the graph has no vertex named {@code st}
     */
    public static INDArray transformed(ComputationGraph g, INDArray input) {
        if (g.getVertex("st") == null) {
            throw new IllegalArgumentException("graph has no spatial transformer vertex \"st\" (vertices: "
                    + g.getConfiguration().getVertices().keySet() + "); build it with architecture ST_CNN");
        }
        return g.feedForward(input, false).get("st");
    }

    /** Number of parameters of the model {@code c} describes, without building it. */
    public static long parameterCount(StnModelConfig c) {
        long k2 = (long) c.kernel() * c.kernel();
        long convs = k2 * c.channels() * c.conv1Filters() + c.conv1Filters()
                + k2 * c.conv1Filters() * c.conv2Filters() + c.conv2Filters();
        long d = denseWidth(c);
        long head = (classifierFlat(c) + 1) * d + (d + 1) * c.classes();
        return convs + head + (c.architecture() == Architecture.ST_CNN ? localisationParams(c) : 0);
    }

    /** Width of the classifier's dense layer: {@code c.dense()} for ST-CNN, widened for CNN (see class doc). */
    public static int denseWidth(StnModelConfig c) {
        if (c.architecture() == Architecture.ST_CNN) {
            return c.dense();
        }
        double perUnit = classifierFlat(c) + 1 + c.classes();
        return Math.toIntExact(c.dense() + Math.round(localisationParams(c) / perUnit));
    }

    /** Parameters of the localisation net for the input size of {@code c}. */
    static long localisationParams(StnModelConfig c) {
        long k2 = (long) LOC_KERNEL * LOC_KERNEL;
        long flat = (long) LOC_FILTERS * afterConvPool(c.height(), LOC_KERNEL) * afterConvPool(c.width(), LOC_KERNEL);
        return k2 * c.channels() * LOC_FILTERS + LOC_FILTERS + k2 * LOC_FILTERS * LOC_FILTERS + LOC_FILTERS
                + flat * LOC_HIDDEN + LOC_HIDDEN + LOC_HIDDEN * 6L + 6;
    }

    private static long classifierFlat(StnModelConfig c) {
        return (long) c.conv2Filters() * afterConvPool(c.height(), c.kernel()) * afterConvPool(c.width(), c.kernel());
    }

    /** Spatial size after two (valid conv k → maxpool 2) blocks. */
    private static long afterConvPool(int in, int k) {
        return ((in - k + 1) / 2 - k + 1) / 2;
    }

    private static SubsamplingLayer maxPool2() {
        return new MaxPoolLayer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2));
    }

    private static IUpdater updater(StnModelConfig c, double lr) {
        return switch (c.optimizer()) {
            case SGD -> new Sgd(lr);
            case NESTEROVS -> new Nesterovs(lr, c.momentum());
            case ADAM -> new Adam(lr);
        };
    }
}
