package io.attendspark.models.ntm.fast;

import static io.attendspark.models.ntm.fast.NtmFastFixtures.SMALL;
import static io.attendspark.models.ntm.fast.NtmFastFixtures.episode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.models.ntm.NtmModels;
import io.attendspark.models.samediff.DoublePrecision;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The memory states the episodes share through {@link NtmFastHistory}: another forward pass between
 * a training forward and its backward (inference, or training on another input) must not change
 * the gradient, and neither must a smaller or a larger batch on the same layer before it.
 */
@ExtendWith(DoublePrecision.class)
class NtmFastHistoryTest {

    @Test
    void aForwardOfAnotherInputBeforeTheBackwardLeavesTheGradientAsAlone() {
        ComputationGraph g = NtmFastFixtures.fast(SMALL, DataType.DOUBLE, new NoOp(), GradientNormalization.None);
        NtmFastFixtures.spreadInitialWeightings(g, SMALL, 5);
        g.initGradientsView();                                   // the views backpropGradient writes into
        Layer layer = g.getLayer(NtmModels.NTM);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray a = episode(SMALL, DataType.DOUBLE, 3, 1)[0], b = episode(SMALL, DataType.DOUBLE, 3, 2)[0];
        Nd4j.getRandom().setSeed(9);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, 3, SMALL.outputWidth(), SMALL.steps());

        INDArray alone = gradient(layer, a, eps, mgr);
        for (boolean training : new boolean[]{false, true}) {
            layer.setInput(a, mgr);
            layer.activate(true, mgr);
            layer.setInput(b, mgr);
            layer.activate(training, mgr);                     // overwrites the shared memory states
            layer.setInput(a, mgr);
            INDArray after = layer.backpropGradient(eps.dup(), mgr).getFirst().gradient().dup();
            assertEquals(0.0, after.sub(alone).amaxNumber().doubleValue(), 1e-12,
                    "gradient of input a after a " + (training ? "training" : "inference") + " forward of b");
        }
        assertTrue(alone.amaxNumber().doubleValue() > 1e-6, "the gradient must not be zero");
    }

    @Test
    void batchesOfOtherSizesBeforeLeaveTheGradientAsOnAFreshLayer() {
        INDArray a = episode(SMALL, DataType.DOUBLE, 4, 1)[0];
        Nd4j.getRandom().setSeed(9);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, 4, SMALL.outputWidth(), SMALL.steps());
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray fresh = gradient(layer(), a, eps, mgr);
        Layer used = layer();
        for (int batch : new int[]{2, 6}) {                      // the history grows, then is reallocated again
            INDArray other = episode(SMALL, DataType.DOUBLE, batch, 7)[0];
            gradient(used, other, Nd4j.ones(DataType.DOUBLE, batch, SMALL.outputWidth(), SMALL.steps()), mgr);
            assertEquals(0.0, gradient(used, a, eps, mgr).sub(fresh).amaxNumber().doubleValue(), 1e-12,
                    "gradient of a batch of 4 after a batch of " + batch);
        }
    }

    private static Layer layer() {
        ComputationGraph g = NtmFastFixtures.fast(SMALL, DataType.DOUBLE, new NoOp(), GradientNormalization.None);
        NtmFastFixtures.spreadInitialWeightings(g, SMALL, 5);
        g.initGradientsView();
        return g.getLayer(NtmModels.NTM);
    }

    private static INDArray gradient(Layer layer, INDArray x, INDArray eps, LayerWorkspaceMgr mgr) {
        layer.setInput(x, mgr);
        layer.activate(true, mgr);
        return layer.backpropGradient(eps.dup(), mgr).getFirst().gradient().dup();
    }
}
