package io.attendspark.models.stn.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ST-CNN's transformer reads the network's input, so {@link StnModels} builds it without an
 * input gradient; that must change nothing in training: the same network with the input gradient
 * on takes the same steps, bit for bit.
 */
class SpatialTransformerFastInputGradientTest {

    @Test
    void leavingOutTheInputGradientOnTheNetworkInputChangesNoStep() {
        StnModelConfig config = new StnModelConfig(StnModelConfig.Architecture.ST_CNN, 16, 16, 1, 10, 4, 6, 3, 16, 1e-2, 0.1,
                StnModelConfig.Optimizer.ADAM, 0.0, 42);
        ComputationGraph without = StnModels.build(config);
        assertFalse(stLayer(without.getConfiguration()).isInputGradient(), "StnModels leaves it out on the input");

        ComputationGraphConfiguration on = without.getConfiguration().clone();
        stLayer(on).setInputGradient(true);
        ComputationGraph with = new ComputationGraph(on);
        with.init(without.params().dup(), true);
        assertNotEquals(without.getConfiguration().toJson(), on.toJson(), "the flag is part of the configuration");

        Nd4j.getRandom().setSeed(3);
        INDArray initial = without.params().dup();
        for (int step = 0; step < 3; step++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 16, 16);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
            for (int r = 0; r < 8; r++) {
                y.putScalar(r, (r * 3 + step) % 10, 1f);
            }
            DataSet batch = new DataSet(x, y);
            with.fit(batch);
            without.fit(batch);
            assertEquals(with.score(), without.score(), "step " + (step + 1) + " loss");
        }
        assertTrue(without.params().sub(initial).norm2Number().doubleValue() > 1e-4, "training moved the parameters");
        assertEquals(with.params(), without.params(), "the same parameters after three steps");
        assertEquals(with.getUpdater().getStateViewArray(), without.getUpdater().getStateViewArray());
    }

    @Test
    void theFlagSurvivesJson() {
        SpatialTransformerFastLayer layer = SpatialTransformerFastLayer.builder().inputGradient(false).build();
        ComputationGraphConfiguration conf = StnModels.build(new StnModelConfig(StnModelConfig.Architecture.ST_CNN,
                16, 16, 1, 10, 4, 6, 3, 16, 1e-2, 0.1, StnModelConfig.Optimizer.ADAM, 0.0, 42)).getConfiguration();
        assertFalse(stLayer(ComputationGraphConfiguration.fromJson(conf.toJson())).isInputGradient());
        assertTrue(new SpatialTransformerFastLayer().isInputGradient(), "on by default");
        assertFalse(layer.isInputGradient());
    }

    private static SpatialTransformerFastLayer stLayer(ComputationGraphConfiguration conf) {
        return (SpatialTransformerFastLayer) ((LayerVertex) conf.getVertices().get("st")).getLayerConf().getLayer();
    }
}
