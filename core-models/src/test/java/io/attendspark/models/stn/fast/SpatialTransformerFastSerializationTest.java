package io.attendspark.models.stn.fast;

import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static io.attendspark.models.stn.fast.StnFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float (as in training): the fast layer's configuration survives JSON with every field, a trained
 * fast ST-CNN survives ModelSerializer (parameters, updater state, outputs, transformed images), and
 * the same parameters in the SameDiff ST-CNN give the same outputs.
 */
class SpatialTransformerFastSerializationTest {

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void configurationJsonRoundTripKeepsEveryField() {
        // every field differs from the defaults, so a lost setter shows
        SpatialTransformerFastLayer odd = SpatialTransformerFastLayer.builder().outputSize(14, 12).locFilters(8)
                .locKernel(3).locHidden(16).background(0.5).weightInit(WeightInit.XAVIER)
                .updater(new Nesterovs(0.02, 0.8)).build();
        ComputationGraphConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .updater(new Sgd(0.1)).graphBuilder().addInputs("input")
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(28, 26, 3))
                .addLayer("st", odd, "input").setOutputs("st").build();
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());
        assertTrue(json.contains("SpatialTransformerFastLayer"), json);
        SpatialTransformerFastLayer l = (SpatialTransformerFastLayer) ((LayerVertex) back.getVertices().get("st"))
                .getLayerConf().getLayer();
        assertEquals(28, l.getInputHeight());
        assertEquals(26, l.getInputWidth());
        assertEquals(3, l.getInputChannels());
        assertEquals(14, l.getOutputHeight());
        assertEquals(12, l.getOutputWidth());
        assertEquals(8, l.getLocFilters());
        assertEquals(3, l.getLocKernel());
        assertEquals(16, l.getLocHidden());
        assertEquals(0.5, l.getBackground());
        assertEquals(WeightInit.XAVIER, l.getWeightInit());
        assertEquals(new Nesterovs(0.02, 0.8), l.getUpdaterByParam("locConv1W"));
        assertEquals(new Nesterovs(0.02, 0.8), l.getUpdaterByParam("locThetab"));
        assertNotEquals(new SpatialTransformerFastLayer(), l);

        ComputationGraph a = new ComputationGraph(conf), b = new ComputationGraph(back);
        a.init();
        b.init(a.params().dup(), false);
        INDArray x = images(3, 2, 3, 28, 26, false);
        assertEquals(a.outputSingle(x), b.outputSingle(x));
    }

    @Test
    void modelSerializerRoundTripGivesIdenticalOutputs() throws IOException {
        StnModelConfig c = StnModelConfig.defaults().withSize(30, 32);
        ComputationGraph g = StnModels.build(c);
        INDArray x = images(13, 3, 1, 30, 32, false);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 3, 10);
        for (int i = 0; i < 3; i++) {
            y.putScalar(i, 3 * i, 1.0);
        }
        for (int i = 0; i < 3; i++) {
            g.fit(new INDArray[]{x}, new INDArray[]{y});                 // moves θ off the identity
        }
        assertNotEquals(x, StnModels.transformed(g, x), "three steps must move the transformer off the identity");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()),
                true);
        assertInstanceOf(SpatialTransformerFastLayer.class, back.getLayer("st").conf().getLayer());
        assertEquals(g.getConfiguration(), back.getConfiguration());
        assertEquals(g.params(), back.params());
        assertEquals(g.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(g.outputSingle(x), back.outputSingle(x));
        assertEquals(StnModels.transformed(g, x), StnModels.transformed(back, x));
        // one more step of both gives the same parameters
        g.fit(new INDArray[]{x}, new INDArray[]{y});
        back.fit(new INDArray[]{x}, new INDArray[]{y});
        assertEquals(g.params(), back.params());
        // the same parameters in the SameDiff ST-CNN: the same outputs (float: to rounding)
        ComputationGraph sd = StnModels.buildSameDiff(c);
        sd.setParams(g.params().dup());
        assertTrue(sd.outputSingle(x).equalsWithEps(g.outputSingle(x), 1e-5));
        assertTrue(StnModels.transformed(sd, x).equalsWithEps(StnModels.transformed(g, x), 1e-4));
    }
}
