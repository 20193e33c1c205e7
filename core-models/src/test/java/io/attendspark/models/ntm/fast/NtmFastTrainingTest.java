package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.ntm.NtmModels;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
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

import static io.attendspark.models.ntm.fast.NtmFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Float32 training with the configured recipe (Adam, L2 clipping) equals SameDiff's; JSON and zip round trips. */
class NtmFastTrainingTest {

    private static final double PARAM_TOL = 1e-4;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static void trainBoth(NtmConfig c, int b) {
        ComputationGraph sd = NtmModels.build(c), fast = NtmModels.buildFast(c);
        assertEquals(0.0, maxAbs(sd.params(), fast.params()), "same initial parameters");
        double maxChange = 0, maxDiff = 0;
        INDArray start = sd.params().dup();
        for (int i = 0; i < 5; i++) {
            INDArray[] e = episode(c, DataType.FLOAT, b, 100 + i);
            DataSet ds = new DataSet(e[0], e[1], null, e[2]);
            sd.fit(ds);
            fast.fit(ds);
            assertEquals(sd.score(), fast.score(), 1e-4 * Math.max(1, sd.score()), "score at step " + i);
            maxDiff = maxAbs(sd.params(), fast.params());
        }
        maxChange = maxAbs(sd.params(), start);
        System.out.printf("training %s/T%d b=%d: 5 Adam steps, max |param change| %.3g, max |SameDiff - fast| %.3g%n",
                c.controller(), c.steps(), b, maxChange, maxDiff);
        assertTrue(maxChange > 10 * PARAM_TOL, "parameters must move: " + maxChange);
        assertTrue(maxDiff < PARAM_TOL, "parameters differ after 5 steps by " + maxDiff);
    }

    @Test
    void fiveAdamStepsEqualSameDiffSmall() {
        trainBoth(SMALL, 3);
    }

    @Test
    void fiveAdamStepsEqualSameDiffDefaultCopyConfig() {
        trainBoth(NtmConfig.defaults(), 4);
    }

    @Test
    void configurationJsonAndModelZipRoundTrip() throws IOException {
        NtmConfig c = SMALL.withController(NtmConfig.Controller.FEEDFORWARD, 7).withMemoryInit(NtmConfig.MemoryInit.LEARNED);
        ComputationGraph g = NtmModels.buildFast(c);
        ComputationGraphConfiguration conf = g.getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        NtmFastLayer layer = assertInstanceOf(NtmFastLayer.class,
                ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get(NtmModels.NTM)).getLayerConf()
                        .getLayer());
        assertEquals(NtmConfig.Controller.FEEDFORWARD, layer.getController());
        assertEquals(NtmConfig.MemoryInit.LEARNED, layer.getMemoryInit());
        INDArray x = episode(c, DataType.FLOAT, 2, 1)[0];
        ComputationGraph rebuilt = new ComputationGraph(back);
        rebuilt.init(g.params().dup(), false);
        assertEquals(g.outputSingle(x), rebuilt.outputSingle(x));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()),
                true);
        assertEquals(g.outputSingle(x), loaded.outputSingle(x));
    }
}
