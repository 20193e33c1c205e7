package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static io.attendspark.models.draw.fast.DrawFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float (as in training): the fast layer's configuration survives JSON, a trained fast graph
 * survives ModelSerializer (same parameters, updater state and score), and its parameters in the
 * SameDiff layer ({@link DrawModels#asSameDiff}) give the same score; generate and reconstruct work
 * on a fast graph.
 */
class DrawFastSerializationTest {

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void configurationJsonRoundTrip() {
        // every field differs from the layer's defaults (attention in the second), so a lost setter shows
        DrawConfig odd = new DrawConfig(6, 7, true, 3, 4, 5, 4, 3, 3, 2e-3, 5, -0.3, DrawConfig.Noise.FIXED, 11);
        for (DrawConfig c : new DrawConfig[]{odd, odd.withAttention(false)}) {
            ComputationGraphConfiguration conf = DrawModels.buildFast(c).getConfiguration();
            String json = conf.toJson();
            ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
            assertEquals(conf, back);
            assertEquals(json, back.toJson());
            DrawFastLayer l = (DrawFastLayer) ((LayerVertex) back.getVertices().get(DrawModels.LAYER))
                    .getLayerConf().getLayer();
            assertEquals(c, l.toConfig());
            assertTrue(json.contains("DrawFastLayer"), json);
        }
    }

    @Test
    void modelSerializerRoundTripKeepsScore() throws IOException {
        DrawConfig c = SMALL.withNoise(DrawConfig.Noise.FIXED).withLearningRate(1e-2);
        ComputationGraph g = DrawModels.buildFast(c);
        INDArray x = images(3, 4, c.height(), c.width());
        DataSet ds = new DataSet(x, labels(4));
        double before = g.score(ds);
        for (int i = 0; i < 3; i++) {
            g.fit(ds);
        }
        double trained = g.score(ds);
        assertTrue(trained < before, "3 Adam steps must lower the score: " + before + " -> " + trained);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()),
                true);
        assertTrue(DrawModels.isFast(back));
        assertEquals(g.params(), back.params());
        assertEquals(g.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(trained, back.score(ds), 0.0);
        assertEquals(c, DrawModels.config(back));
        // the same parameters in the SameDiff layer: the same score (float: to rounding)
        ComputationGraph sd = DrawModels.asSameDiff(back);
        assertEquals(trained, sd.score(ds), 1e-4 * trained);
        // one more step of both restored and original gives the same parameters
        g.fit(ds);
        back.fit(ds);
        assertEquals(g.params(), back.params());
    }

    @Test
    void generateReconstructAndBoundWorkOnAFastGraph() {
        DrawConfig c = SMALL;
        ComputationGraph g = DrawModels.buildFast(c);
        INDArray x = images(5, 3, c.height(), c.width());
        var canvases = DrawModels.generate(g, c, 2, 9L);
        assertEquals(java.util.List.of(2L, (long) c.steps(), (long) c.height(), (long) c.width()),
                java.util.Arrays.stream(canvases.canvases().shape()).boxed().toList());
        var sdCanvases = DrawModels.generate(DrawModels.asSameDiff(g), c, 2, 9L);
        assertTrue(canvases.canvases().equalsWithEps(sdCanvases.canvases(), 1e-6));
        INDArray r = DrawModels.reconstruct(g, c, x);
        assertEquals(3, r.size(0));
        assertTrue(r.minNumber().doubleValue() > 0 && r.maxNumber().doubleValue() < 1);
        ComputationGraph sd = DrawModels.asSameDiff(g);               // before seeding: init uses the RNG
        Nd4j.getRandom().setSeed(4);
        double bf = DrawModels.bound(g, x).total();
        Nd4j.getRandom().setSeed(4);
        double bs = DrawModels.bound(sd, x).total();
        assertEquals(bs, bf, 1e-4 * bs);
    }
}
