package io.attendspark.models.ntm;

import io.attendspark.models.ntm.fast.NtmFastLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Neural Turing Machines (Graves et al., "Neural Turing Machines", arXiv:1410.5401v2) as DL4J
 * {@link ComputationGraph}s and computes the paper's metrics.
 *
 * <p>Graph: {@value #INPUT} {@code [b, inputWidth, T]} → {@value #NTM} ({@link NeuralTuringMachineLayer},
 * logits {@code [b, outputWidth, T]}) → {@value #OUTPUT} ({@link RnnLossLayer}, sigmoid, binary
 * cross-entropy from the logits, {@link SigmoidCrossEntropyLoss}). The loss honours the labels mask
 * {@code [b, T]}; DL4J's score is the masked cross-entropy summed over bits and steps and divided by
 * the batch size, i.e. nats per sequence (bits per sequence = score / ln 2). The reported metrics
 * clip probabilities to [{@value #PROBABILITY_CLIP}, 1 − {@value #PROBABILITY_CLIP}] (at most 16.6
 * bits per wrong bit), as float32 outputs can be exactly 0 or 1.
 *
 * <p><b>Deviations from the paper.</b> Optimiser recipe, see {@link NtmConfig}.
 */
public final class NtmModels {

    public static final String INPUT = "in";
    public static final String NTM = "ntm";
    public static final String OUTPUT = "out";
    /** DL4J's LossBinaryXENT clip of the probabilities; the metrics below use the same. */
    public static final double PROBABILITY_CLIP = 1e-5;

    private NtmModels() {
    }

    /** Builds and initialises (seeded, float32) the NTM described by {@code c}. */
    public static ComputationGraph build(NtmConfig c) {
        ComputationGraph graph = new ComputationGraph(configuration(c, DataType.FLOAT));
        graph.init();
        return graph;
    }

    /**
     * Builds and initialises (seeded, float32) the NTM described by {@code c} with the hand-written
     * {@link NtmFastLayer} instead of the SameDiff layer: same graph, parameter names, order and
     * initial values, same math, far fewer ops per step. ({@link #trace} needs the SameDiff graph:
     * copy the parameters into {@link #build}'s graph for it.)
     */
    public static ComputationGraph buildFast(NtmConfig c) {
        ComputationGraph graph = new ComputationGraph(configuration(c, DataType.FLOAT, updater(c), clipping(c),
                new NtmFastLayer(c)));
        graph.init();
        return graph;
    }

    /** The graph configuration of {@code c} in data type {@code dt} (double for gradient checks). */
    public static ComputationGraphConfiguration configuration(NtmConfig c, DataType dt) {
        return configuration(c, dt, updater(c), clipping(c));
    }

    private static GradientNormalization clipping(NtmConfig c) {
        return switch (c.clipping()) {
            case NONE -> GradientNormalization.None;
            case ELEMENTWISE -> GradientNormalization.ClipElementWiseAbsoluteValue;
            case L2_PER_LAYER -> GradientNormalization.ClipL2PerLayer;
        };
    }

    /** As {@link #configuration(NtmConfig, DataType)} with another updater and clipping (gradient checks: NoOp, None). */
    static ComputationGraphConfiguration configuration(NtmConfig c, DataType dt, IUpdater updater,
                                                       GradientNormalization clipping) {
        return configuration(c, dt, updater, clipping, new NeuralTuringMachineLayer(c));
    }

    /** As above with the NTM layer given ({@link NeuralTuringMachineLayer} or {@link NtmFastLayer} of {@code c}). */
    public static ComputationGraphConfiguration configuration(NtmConfig c, DataType dt, IUpdater updater,
                                                              GradientNormalization clipping, Layer ntmLayer) {
        return new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .dataType(dt)
                .updater(updater)
                .gradientNormalization(clipping)
                .gradientNormalizationThreshold(c.clipping() == NtmConfig.Clipping.NONE ? 1.0 : c.clipThreshold())
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.recurrent(c.inputWidth(), c.steps()))
                .addLayer(NTM, ntmLayer, INPUT)
                .addLayer(OUTPUT, new RnnLossLayer.Builder().lossFunction(new SigmoidCrossEntropyLoss())
                        .activation(Activation.SIGMOID).build(), NTM)
                .setOutputs(OUTPUT)
                .build();
    }

    /**
     * A new graph unrolled over {@code steps} with the parameters of {@code trained} (e.g. longer test
     * sequences), with the same implementation of the NTM layer (SameDiff or {@link NtmFastLayer}).
     */
    public static ComputationGraph withSteps(ComputationGraph trained, NtmConfig config, int steps) {
        NtmConfig c = config.withSteps(steps);
        DataType dt = trained.params().dataType();
        Layer layer = isFast(trained) ? new NtmFastLayer(c) : new NeuralTuringMachineLayer(c);
        ComputationGraph g = new ComputationGraph(configuration(c, dt, updater(c), clipping(c), layer));
        g.init(trained.params().dup(), false);
        return g;
    }

    /** The same model with the SameDiff layer (for {@link #trace}, which reads its graph's weightings). */
    public static ComputationGraph asSameDiff(ComputationGraph graph, NtmConfig config) {
        if (!isFast(graph)) {
            return graph;
        }
        ComputationGraph g = new ComputationGraph(configuration(config, graph.params().dataType()));
        g.init(graph.params().dup(), false);
        return g;
    }

    /** Whether {@code graph}'s NTM layer is the hand-written {@link NtmFastLayer}. */
    public static boolean isFast(ComputationGraph graph) {
        return graph.getLayer(NTM).conf().getLayer() instanceof NtmFastLayer;
    }

    /** Number of parameters of the model {@code c} describes, without building it. */
    public static long parameterCount(NtmConfig c) {
        long size = c.controllerSize(), readWidth = (long) c.readHeads() * c.memoryWidth();
        long gates = NtmController.gateWidth(c.controller(), c.controllerSize());
        long heads = c.readHeads() + c.writeHeads();
        long headOutputs = heads * NtmAddressing.paramsPerHead(c.memoryWidth(), c.shifts())
                + 2L * c.writeHeads() * c.memoryWidth();
        long controller = (c.inputWidth() + NtmController.recurrentInputs(c.controller(), c.controllerSize(),
                Math.toIntExact(readWidth)) + 1) * gates;
        long headLayer = (size + 1) * headOutputs;
        long output = (size + readWidth + 1) * c.outputWidth();
        long initialState = readWidth + heads * c.memoryRows()
                + (c.memoryInit() == NtmConfig.MemoryInit.LEARNED ? (long) c.memoryRows() * c.memoryWidth() : 0);
        return controller + headLayer + output + initialState;
    }

    /** Outputs and all heads' weightings of {@code graph} on {@code features [b, inputWidth, T]}. */
    public static NtmTrace trace(ComputationGraph graph, INDArray features) {
        NeuralTuringMachineLayer layer = ntmLayer(graph);
        Map<String, INDArray> params = graph.getLayer(NTM).paramTable();
        SameDiff sd = SameDiff.create();
        DataType dt = graph.params().dataType();
        SDVariable input = sd.placeHolder(INPUT, dt, -1, layer.getInputWidth(), layer.getSteps());
        Map<String, SDVariable> p = new HashMap<>();
        params.forEach((name, value) -> p.put(name, sd.constant(name, value.dup())));
        NeuralTuringMachine.Unrolled u = NeuralTuringMachine.unroll(sd, input, p, layer, true);
        SDVariable outputs = sd.nn().sigmoid("outputs", u.logits());
        SDVariable weightings = sd.identity("weightings", u.weightings());
        Map<String, INDArray> out = sd.output(Map.of(INPUT, features.castTo(dt)), List.of(outputs.name(),
                weightings.name()));
        INDArray w = out.get(weightings.name());                                                  // [b, H, N, T]
        int r = layer.getReadHeads();
        INDArray reads = w.get(NDArrayIndex.all(), NDArrayIndex.interval(0, r), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray writes = w.get(NDArrayIndex.all(), NDArrayIndex.interval(r, r + layer.getWriteHeads()),
                NDArrayIndex.all(), NDArrayIndex.all());
        return new NtmTrace(out.get(outputs.name()), reads.dup(), writes.dup());
    }

    /** Masked binary cross-entropy in bits, summed over bits and steps, averaged over sequences. */
    public static double bitsPerSequence(ComputationGraph graph, DataSet data) {
        return metric(graph, data, false);
    }

    /** Bits wrong after thresholding the outputs at 0.5, summed over masked steps, averaged over sequences. */
    public static double bitErrorsPerSequence(ComputationGraph graph, DataSet data) {
        return metric(graph, data, true);
    }

    private static double metric(ComputationGraph graph, DataSet data, boolean errors) {
        INDArray p = graph.outputSingle(false, data.getFeatures()).castTo(DataType.DOUBLE);     // [b, out, T]
        INDArray y = data.getLabels().castTo(DataType.DOUBLE);
        INDArray mask = data.getLabelsMaskArray();
        long b = p.size(0), width = p.size(1), steps = p.size(2);
        double total = 0;
        for (long i = 0; i < b; i++) {
            for (long t = 0; t < steps; t++) {
                if (mask != null && mask.getDouble(i, t) == 0) {
                    continue;
                }
                for (long k = 0; k < width; k++) {
                    double pr = p.getDouble(i, k, t), target = y.getDouble(i, k, t);
                    if (errors) {
                        total += ((pr > 0.5 ? 1.0 : 0.0) != target) ? 1 : 0;
                    } else {
                        double q = Math.min(Math.max(pr, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP);
                        total -= (target * Math.log(q) + (1 - target) * Math.log(1 - q)) / Math.log(2);
                    }
                }
            }
        }
        return total / b;
    }

    static NeuralTuringMachineLayer ntmLayer(ComputationGraph graph) {
        if (graph.getVertex(NTM) == null || !(graph.getLayer(NTM).conf().getLayer() instanceof NeuralTuringMachineLayer l)) {
            throw new IllegalArgumentException("graph has no NTM vertex \"" + NTM + "\" (vertices: "
                    + graph.getConfiguration().getVertices().keySet() + "); build it with NtmModels.build");
        }
        return l;
    }

    private static IUpdater updater(NtmConfig c) {
        return switch (c.optimizer()) {
            case ADAM -> new Adam(c.learningRate());
            case RMSPROP -> new RmsProp(c.learningRate(), 0.95, 1e-8);
        };
    }
}
