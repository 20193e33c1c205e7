package io.attendspark.jobs.ntm;

import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.ntm.NtmModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static io.attendspark.jobs.ntm.LearningRatePlateau.Action.LOWERED;
import static io.attendspark.jobs.ntm.LearningRatePlateau.Action.NEW_BEST;
import static io.attendspark.jobs.ntm.LearningRatePlateau.Action.NONE;
import static io.attendspark.jobs.ntm.LearningRatePlateau.Action.ROLLED_BACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRatePlateauTest {

    private static ComputationGraph tinyNtm() {
        NtmConfig c = NtmConfig.defaults().withWidths(3, 2).withSteps(4).withController(NtmConfig.Controller.LSTM, 8)
                .withMemory(6, 4, 1, 1).withOptimizer(NtmConfig.Optimizer.ADAM, 1e-2, NtmConfig.Clipping.L2_PER_LAYER, 10);
        return NtmModels.buildFast(c);
    }

    private static void fitOnce(ComputationGraph g, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 4);
        INDArray y = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 2, 4).gt(0.5).castTo(x.dataType());
        g.fit(new DataSet(x, y));
    }

    @Test
    void lowersTheLearningRateAfterPatienceValidationsWithoutANewBest() {
        ComputationGraph g = tinyNtm();
        LearningRatePlateau p = new LearningRatePlateau(new PlateauConfig(2, 0.5, 3e-3, 0, 0));
        assertEquals(NEW_BEST, p.observe(80, 100, g));
        assertEquals(NEW_BEST, p.observe(70, 200, g));
        assertEquals(NONE, p.observe(75, 300, g));
        assertEquals(LOWERED, p.observe(71, 400, g));
        assertEquals(5e-3, LearningRatePlateau.learningRate(g), 1e-12);
        assertTrue(p.lastMessage().contains("0.0100 -> 0.00500"), p.lastMessage());
        fitOnce(g, 1);                                                  // the updater still works after the change
        assertEquals(5e-3, LearningRatePlateau.learningRate(g), 1e-12);
        assertEquals(NONE, p.observe(72, 500, g));
        assertEquals(LOWERED, p.observe(73, 600, g));
        assertEquals(3e-3, LearningRatePlateau.learningRate(g), 1e-12);   // floored at minLearningRate
        assertEquals(NONE, p.observe(72, 700, g));
        assertEquals(NONE, p.observe(73, 800, g));                    // at the floor: nothing left to lower
        assertEquals(3e-3, LearningRatePlateau.learningRate(g), 1e-12);
    }

    @Test
    void rollsBackToTheBestParametersAndOptimiserStateOnARelapse() {
        ComputationGraph g = tinyNtm();
        fitOnce(g, 1);
        LearningRatePlateau p = new LearningRatePlateau(new PlateauConfig(0, 0.5, 0, 2, 5));
        assertEquals(NEW_BEST, p.observe(10, 1000, g));
        INDArray bestParams = g.params().dup();
        INDArray bestState = g.getUpdater().getStateViewArray().dup();
        fitOnce(g, 2);
        fitOnce(g, 3);
        assertNotEquals(bestParams, g.params());
        assertEquals(NONE, p.observe(24.9, 2000, g));                   // not above 2 x 10 + 5
        assertNotEquals(bestParams, g.params());
        assertEquals(ROLLED_BACK, p.observe(25.1, 3000, g));
        assertEquals(bestParams, g.params());
        assertEquals(bestState, g.getUpdater().getStateViewArray());
        assertEquals(5e-3, LearningRatePlateau.learningRate(g), 1e-12);
        assertTrue(p.lastMessage().contains("after 1000 sequences"), p.lastMessage());
        assertEquals(10, p.best(), 0);
    }

    @Test
    void offChangesNothing() {
        ComputationGraph g = tinyNtm();
        LearningRatePlateau p = new LearningRatePlateau(PlateauConfig.off());
        INDArray before = g.params().dup();
        for (double bits : new double[]{10, 50, 500, 5000}) {
            assertEquals(NONE, p.observe(bits, 1, g));
        }
        assertEquals(before, g.params());
        assertEquals(1e-2, LearningRatePlateau.learningRate(g), 1e-12);
    }

    @Test
    void rejectsBadSettingsByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PlateauConfig(1, 1.5, 0, 0, 0));
        assertTrue(e.getMessage().contains("task.plateau.factor") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PlateauConfig(1, 0.5, 0, 0.5, 0));
        assertTrue(e.getMessage().contains("task.plateau.relapseRatio"), e.getMessage());
    }
}
