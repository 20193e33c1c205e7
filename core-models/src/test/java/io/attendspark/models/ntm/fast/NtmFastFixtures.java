package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.ntm.NtmModels;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.LinkedHashMap;
import java.util.Map;

/** Shared helpers of the NtmFast* tests: paired graphs, episodes, gradients and difference measures. */
final class NtmFastFixtures {

    /** memory 8×5, controller 12, 2 read + 2 write heads, shifts ±1, T = 6. */
    static final NtmConfig SMALL = NtmConfig.defaults().withWidths(5, 4).withController(NtmConfig.Controller.LSTM, 12)
            .withMemory(8, 5, 2, 2).withSteps(6).withSeed(11);

    private NtmFastFixtures() {
    }

    static ComputationGraph sameDiff(NtmConfig c, DataType dt, IUpdater updater, GradientNormalization clip) {
        ComputationGraph g = new ComputationGraph(NtmModels.configuration(c, dt, updater, clip,
                new io.attendspark.models.ntm.NeuralTuringMachineLayer(c)));
        g.init();
        return g;
    }

    static ComputationGraph fast(NtmConfig c, DataType dt, IUpdater updater, GradientNormalization clip) {
        ComputationGraph g = new ComputationGraph(NtmModels.configuration(c, dt, updater, clip, new NtmFastLayer(c)));
        g.init();
        return g;
    }

    /** Random bits {@code [b, in, T]}, {@code [b, out, T]} and a labels mask {@code [b, T]} with zeros. */
    static INDArray[] episode(NtmConfig c, DataType dt, int b, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, b, c.inputWidth(), c.steps()).gt(0.5).castTo(dt);
        INDArray y = Nd4j.rand(DataType.DOUBLE, b, c.outputWidth(), c.steps()).gt(0.5).castTo(dt);
        INDArray mask = Nd4j.rand(DataType.DOUBLE, b, c.steps()).gt(0.3).castTo(dt);
        return new INDArray[]{x, y, mask};
    }

    /** Moves the initial weightings off their saturated start (else their gradients are ~0). */
    static void spreadInitialWeightings(ComputationGraph g, NtmConfig c, long seed) {
        Nd4j.getRandom().setSeed(seed);
        g.getLayer(NtmModels.NTM).getParam(NtmFastParams.WEIGHTING_INIT).assign(Nd4j.randn(g.params().dataType(),
                1, (long) (c.readHeads() + c.writeHeads()) * c.memoryRows()));
    }

    static INDArray logits(ComputationGraph g, INDArray x) {
        return g.feedForward(x, false).get(NtmModels.NTM).castTo(DataType.DOUBLE);
    }

    /** Score and the full flat gradient (a copy) of the masked episode loss. */
    static INDArray gradient(ComputationGraph g, INDArray[] e) {
        g.setInputs(e[0]);
        g.setLabels(e[1]);
        g.setLayerMaskArrays(null, new INDArray[]{e[2]});
        g.computeGradientAndScore();
        INDArray grad = g.gradient().gradient().castTo(DataType.DOUBLE).dup();
        g.clearLayerMaskArrays();
        return grad;
    }

    /** max |a − b|. */
    static double maxAbs(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /**
     * Largest elementwise relative difference {@code |a − b| / max(|a|, |b|)} over elements with
     * {@code max(|a|, |b|) > floor} (smaller ones are compared absolutely by {@link #maxAbs}).
     */
    static double maxRel(INDArray a, INDArray b, double floor) {
        double[] x = a.castTo(DataType.DOUBLE).dup().data().asDouble(), y = b.castTo(DataType.DOUBLE).dup().data().asDouble();
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double scale = Math.max(Math.abs(x[i]), Math.abs(y[i]));
            if (scale > floor) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
            }
        }
        return worst;
    }

    /** Per-parameter max |a − b| of two flat gradients of graph {@code g}'s layout (for messages). */
    static Map<String, Double> perParam(ComputationGraph g, INDArray a, INDArray b) {
        Map<String, Double> out = new LinkedHashMap<>();
        long off = 0;
        for (Map.Entry<String, INDArray> p : g.getLayer(NtmModels.NTM).paramTable().entrySet()) {
            long n = p.getValue().length();
            INDArray da = a.reshape(a.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + n));
            INDArray db = b.reshape(b.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + n));
            out.put(p.getKey(), maxAbs(da, db));
            off += n;
        }
        return out;
    }
}
