package io.attendspark.models.stn;

import io.attendspark.models.stn.StnModelConfig.Architecture;
import io.attendspark.models.stn.fast.SpatialTransformerFastLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ST-CNN / CNN construction: identity start, parameter counts, JSON and model-zip round trips. */
class StnModelsTest {

    private static ComputationGraph stCnn;

    @BeforeAll
    static void build() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        stCnn = StnModels.build(StnModelConfig.defaults());
    }

    private static INDArray batch(long seed, int mb, int h, int w) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, mb, 1, h, w);
    }

    @Test
    void freshStCnnTransformerIsTheIdentity() {
        INDArray input = batch(5, 4, 28, 28);
        INDArray st = StnModels.transformed(stCnn, input);
        assertArrayEquals(input.shape(), st.shape());
        assertEquals(input, st);
    }

    @Test
    void transformedRejectsAGraphWithoutTransformer() {
        ComputationGraph cnn = StnModels.build(StnModelConfig.defaults().withArchitecture(Architecture.CNN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StnModels.transformed(cnn, batch(1, 1, 28, 28)));
        assertTrue(e.getMessage().contains("\"st\""), e.getMessage());
    }

    @Test
    void parameterCountsArePinned() {
        StnModelConfig st28 = StnModelConfig.defaults();
        StnModelConfig cnn28 = st28.withArchitecture(Architecture.CNN);
        StnModelConfig st42 = st28.withSize(42, 42);
        StnModelConfig st60 = st28.withSize(60, 60);
        long pSt28 = StnModels.parameterCount(st28);
        long pCnn28 = StnModels.parameterCount(cnn28);
        long pSt42 = StnModels.parameterCount(st42);
        long pSt60 = StnModels.parameterCount(st60);
        System.out.printf("params: ST-CNN 28x28 %d, CNN 28x28 %d (dense %d), ST-CNN 42x42 %d, ST-CNN 60x60 %d%n",
                pSt28, pCnn28, StnModels.denseWidth(cnn28), pSt42, pSt60);

        assertEquals(334_152L, pSt28);
        assertEquals(334_661L, pCnn28);
        assertEquals(273, StnModels.denseWidth(cnn28));
        assertEquals(888_024L, pSt42);
        assertEquals(2_482_504L, pSt60);
        assertEquals(pSt28, stCnn.numParams());
        assertEquals(pCnn28, StnModels.build(cnn28).numParams());
        assertEquals(pSt42, StnModels.build(st42).numParams());
        assertTrue(Math.abs(pCnn28 - pSt28) <= 0.05 * pSt28, "CNN must be within 5% of ST-CNN");
        for (int size : new int[]{42, 60}) {
            long st = StnModels.parameterCount(st28.withSize(size, size));
            long cnn = StnModels.parameterCount(st28.withSize(size, size).withArchitecture(Architecture.CNN));
            assertTrue(Math.abs(cnn - st) <= 0.05 * st, size + ": CNN " + cnn + " vs ST-CNN " + st);
        }
    }

    @Test
    void stLayerHasItsOwnScaledUpdater() {
        assertInstanceOf(SpatialTransformerFastLayer.class, stCnn.getLayer("st").conf().getLayer());
        ComputationGraph sameDiff = StnModels.buildSameDiff(StnModelConfig.defaults());
        assertInstanceOf(SameDiffLayer.class, sameDiff.getLayer("st").conf().getLayer());
        for (ComputationGraph g : new ComputationGraph[]{stCnn, sameDiff}) {
            for (String p : new String[]{"locConv1W", "locThetab"}) {
                assertEquals(new Adam(1e-4), g.getLayer("st").conf().getLayer().getUpdaterByParam(p));
            }
            assertEquals(1e-3, ((Adam) g.getLayer("conv1").conf().getLayer().getUpdaterByParam("W")).getLearningRate());
        }
        assertEquals(stCnn.params(), sameDiff.params(), "same seed, same parameters");
    }

    @Test
    void configJsonRoundTripIsEqualAndGivesIdenticalOutputs() {
        ComputationGraphConfiguration conf = stCnn.getConfiguration();
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());

        ComputationGraph copy = new ComputationGraph(back);
        copy.init(stCnn.params().dup(), false);
        INDArray input = batch(11, 5, 28, 28);
        assertEquals(stCnn.outputSingle(input), copy.outputSingle(input));

        // a layer with non-default settings survives too (and differs from the default one)
        SpatialTransformerLayer custom = SpatialTransformerLayer.builder().outputSize(14, 12).locFilters(8)
                .locKernel(3).locHidden(16).background(0.5).build();
        custom.setNIn(InputType.convolutional(28, 28, 1), true);
        ComputationGraphConfiguration small = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(28, 28, 1))
                .addLayer("st", custom, "input").setOutputs("st").build();
        ComputationGraphConfiguration smallBack = ComputationGraphConfiguration.fromJson(small.toJson());
        assertEquals(small, smallBack);
        SpatialTransformerLayer restored = (SpatialTransformerLayer)
                ((org.deeplearning4j.nn.conf.graph.LayerVertex) smallBack.getVertices().get("st")).getLayerConf().getLayer();
        assertEquals(14, restored.getOutputHeight());
        assertEquals(12, restored.getOutputWidth());
        assertEquals(0.5, restored.getBackground());
        assertNotEquals(new SpatialTransformerLayer(), restored);
    }

    @Test
    void modelSerializerRoundTripGivesIdenticalOutputs() throws IOException {
        ComputationGraph graph = StnModels.build(StnModelConfig.defaults().withSize(42, 42));
        INDArray input = batch(13, 3, 42, 42);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 3, 10);
        for (int i = 0; i < 3; i++) {
            labels.putScalar(i, 3 * i, 1.0);
        }
        graph.fit(new INDArray[]{input}, new INDArray[]{labels});      // moves θ off the identity
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(graph.getConfiguration(), restored.getConfiguration());
        assertEquals(graph.params(), restored.params());
        assertEquals(graph.outputSingle(input), restored.outputSingle(input));
        assertEquals(StnModels.transformed(graph, input), StnModels.transformed(restored, input));
        GraphVertex st = restored.getVertex("st");
        assertTrue(st.hasLayer());
        assertInstanceOf(SpatialTransformerFastLayer.class, st.getLayer().conf().getLayer());
    }

    @Test
    void customOutputSizeReachesTheNextLayer() {
        SpatialTransformerLayer layer = SpatialTransformerLayer.builder().outputSize(14, 20).build();
        layer.setNIn(InputType.convolutional(28, 28, 3), true);
        assertEquals(InputType.convolutional(14, 20, 3), layer.getOutputType(0, InputType.convolutional(28, 28, 3)));
        ComputationGraph g = new ComputationGraph(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(28, 28, 3))
                .addLayer("st", layer, "input").setOutputs("st").build());
        g.init();
        INDArray out = g.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 28, 28));
        assertArrayEquals(new long[]{2, 3, 14, 20}, out.shape());
    }
}
