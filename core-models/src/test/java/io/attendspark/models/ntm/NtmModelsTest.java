package io.attendspark.models.ntm;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NTM graph construction: parameter counts, JSON and model-zip round trips, masks, metrics, trace, withSteps. */
class NtmModelsTest {

    private static final NtmConfig SMALL = NtmConfig.defaults().withWidths(5, 4).withController(NtmConfig.Controller.LSTM, 16)
            .withMemory(8, 5, 1, 1).withSteps(6).withSeed(11);

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static INDArray bits(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, shape).gt(0.5).castTo(DataType.FLOAT);
    }

    private static DataSet episode(NtmConfig c, long seed, int b) {
        INDArray mask = Nd4j.ones(DataType.FLOAT, b, c.steps());
        mask.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).assign(0);             // no targets on the first 2 steps
        return new DataSet(bits(seed, b, c.inputWidth(), c.steps()), bits(seed + 1, b, c.outputWidth(), c.steps()),
                Nd4j.ones(DataType.FLOAT, b, c.steps()), mask);
    }

    @Test
    void parameterCountsArePinned() {
        NtmConfig d = NtmConfig.defaults();
        // LSTM (9 + 20 + 100 + 1)·400 + heads (100 + 1)·(2·26 + 40) + output (100 + 20 + 1)·8 + r0 20 + w0 2·128
        assertEquals(62_536L, NtmModels.parameterCount(d));
        assertEquals(62_536L, NtmModels.build(d).numParams());
        NtmConfig other = d.withController(NtmConfig.Controller.FEEDFORWARD, 50).withMemory(16, 6, 2, 2)
                .withMemoryInit(NtmConfig.MemoryInit.LEARNED).withSteps(3);
        assertEquals(NtmModels.parameterCount(other), NtmModels.build(other).numParams());
        assertEquals(NtmModels.parameterCount(d), NtmModels.parameterCount(d.withSteps(120)));
    }

    @Test
    void configJsonRoundTripIsEqualAndGivesIdenticalOutputs() {
        ComputationGraph graph = NtmModels.build(SMALL.withMemoryInit(NtmConfig.MemoryInit.RANDOM));
        ComputationGraphConfiguration conf = graph.getConfiguration();
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());
        ComputationGraph copy = new ComputationGraph(back);
        copy.init(graph.params().dup(), false);
        INDArray x = bits(3, 2, SMALL.inputWidth(), SMALL.steps());
        assertEquals(graph.outputSingle(x), copy.outputSingle(x));
        NeuralTuringMachineLayer layer = NtmModels.ntmLayer(copy);
        assertEquals(NtmConfig.MemoryInit.RANDOM, layer.getMemoryInit());
        assertNotEquals(new NeuralTuringMachineLayer(SMALL), layer);
    }

    @Test
    void modelSerializerRoundTripGivesIdenticalOutputs() throws IOException {
        ComputationGraph graph = NtmModels.build(SMALL);
        DataSet ds = episode(SMALL, 5, 3);
        graph.fit(ds);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(graph.getConfiguration(), restored.getConfiguration());
        assertEquals(graph.params(), restored.params());
        assertEquals(graph.outputSingle(ds.getFeatures()), restored.outputSingle(ds.getFeatures()));
        graph.fit(ds);
        restored.fit(ds);                                                           // updater state came along too
        assertEquals(graph.params(), restored.params());
    }

    @Test
    void scoreIsMaskedNatsPerSequenceAndMatchesBitsPerSequence() {
        ComputationGraph graph = NtmModels.build(SMALL);
        DataSet ds = episode(SMALL, 7, 4);
        double score = graph.score(ds);
        double bits = NtmModels.bitsPerSequence(graph, ds);
        assertEquals(score / Math.log(2), bits, 1e-4 * bits);
        // roughly 1 bit per target bit for a fresh model: 4 outputs × 4 unmasked steps
        assertTrue(bits > 8 && bits < 32, "bits/sequence of a fresh model: " + bits);
        DataSet changed = ds.copy();
        changed.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).rsubi(1);
        assertEquals(score, graph.score(changed), 1e-6 * score, "masked steps must not count");
        DataSet unmasked = new DataSet(ds.getFeatures(), ds.getLabels(), ds.getFeaturesMaskArray(),
                Nd4j.ones(DataType.FLOAT, 4, SMALL.steps()));
        assertTrue(graph.score(unmasked) > score * 1.2);
    }

    @Test
    void bitErrorsCountWrongThresholdedMaskedBits() {
        ComputationGraph graph = NtmModels.build(SMALL);
        DataSet ds = episode(SMALL, 9, 2);
        INDArray predicted = graph.outputSingle(ds.getFeatures()).gt(0.5).castTo(DataType.FLOAT);
        DataSet perfect = new DataSet(ds.getFeatures(), predicted.dup(), ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        assertEquals(0.0, NtmModels.bitErrorsPerSequence(graph, perfect));
        INDArray wrong = predicted.dup();
        wrong.putScalar(new long[]{0, 1, 3}, 1 - wrong.getFloat(0, 1, 3));           // unmasked: counts
        wrong.putScalar(new long[]{1, 2, 4}, 1 - wrong.getFloat(1, 2, 4));           // unmasked: counts
        wrong.putScalar(new long[]{1, 0, 1}, 1 - wrong.getFloat(1, 0, 1));           // masked: ignored
        DataSet three = new DataSet(ds.getFeatures(), wrong, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        assertEquals(1.0, NtmModels.bitErrorsPerSequence(graph, three));             // 2 errors / 2 sequences
    }

    @Test
    void outputsAreCausalSoTrailingPaddingIsIgnored() {
        ComputationGraph graph = NtmModels.build(SMALL);
        INDArray x = bits(13, 2, SMALL.inputWidth(), SMALL.steps());
        INDArray padded = x.dup();
        padded.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(4, 6)).assign(0);
        INDArray a = graph.outputSingle(x).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
        INDArray b = graph.outputSingle(padded).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
        assertEquals(a, b);
    }

    @Test
    void withStepsKeepsParametersAndAgreesOnThePrefix() {
        ComputationGraph graph = NtmModels.build(SMALL);
        graph.fit(episode(SMALL, 15, 2));
        ComputationGraph longer = NtmModels.withSteps(graph, SMALL, 10);
        assertEquals(graph.params(), longer.params());
        INDArray x = bits(17, 2, SMALL.inputWidth(), 10);
        INDArray prefix = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 6)).dup();
        INDArray outLong = longer.outputSingle(x);
        assertArrayEquals(new long[]{2, 4, 10}, outLong.shape());
        assertTrue(graph.outputSingle(prefix).equalsWithEps(
                outLong.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 6)), 1e-5));
        assertThrows(IllegalArgumentException.class, () -> graph.outputSingle(x));   // wrong length is refused
    }

    @Test
    void traceReturnsOutputsAndNormalisedWeightings() {
        NtmConfig c = SMALL.withMemory(8, 5, 2, 1);
        ComputationGraph graph = NtmModels.build(c);
        INDArray x = bits(19, 3, c.inputWidth(), c.steps());
        NtmTrace trace = NtmModels.trace(graph, x);
        assertArrayEquals(new long[]{3, 4, 6}, trace.outputs().shape());
        assertArrayEquals(new long[]{3, 2, 8, 6}, trace.readWeights().shape());
        assertArrayEquals(new long[]{3, 1, 8, 6}, trace.writeWeights().shape());
        assertTrue(trace.outputs().equalsWithEps(graph.outputSingle(x), 1e-5));
        INDArray sums = trace.readWeights().sum(2);
        assertTrue(sums.equalsWithEps(Nd4j.ones(DataType.FLOAT, 3, 2, 6), 1e-4), "read weightings sum to 1: " + sums);
        assertTrue(trace.writeWeights().sum(2).equalsWithEps(Nd4j.ones(DataType.FLOAT, 3, 1, 6), 1e-4));
        ComputationGraph dense = new ComputationGraph(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                        .addLayer("d", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(2).nOut(2).build(), "in")
                        .setOutputs("d").build());
        dense.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NtmModels.trace(dense, x));
        assertTrue(e.getMessage().contains("\"ntm\""), e.getMessage());
    }
}
