package io.attendspark.models.stn.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.attendspark.models.stn.fast.StnFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FLOAT code paths of the fast layer (float[] pools, float gemm, conversions) against its
 * DOUBLE run on the same parameters and images (the DOUBLE run is checked against SameDiff in
 * {@link SpatialTransformerFastEquivalenceTest}): output, score, every parameter gradient and the
 * input gradient agree to float precision, with odd map sizes and θ off the identity.
 */
class SpatialTransformerFastFloatTest {

    private static final double TOL = 2e-4;

    @AfterEach
    void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void floatNetworkMatchesDoubleNetwork() {
        Setup s = new Setup(3, 13, 11, 9, 14, 0.35, false);
        INDArray[] dbl = run(s, DataType.DOUBLE, null);
        INDArray[] flt = run(s, DataType.FLOAT, dbl[4]);
        String[] what = {"transformer output", "score", "gradient", "input gradient"};
        for (int i = 0; i < 4; i++) {
            double scale = dbl[i].amaxNumber().doubleValue();
            double rel = maxRel(dbl[i], flt[i], 1e-2 * scale);
            System.out.printf("stn fast float vs double: %s rel %.3g%n", what[i], rel);
            assertTrue(rel < TOL, what[i] + " of the float network differs from the double one: rel " + rel);
        }
    }

    /** {st output, score, flat gradient, input gradient, params} with the given parameters (or moved off the identity). */
    private static INDArray[] run(Setup s, DataType t, INDArray params) {
        Nd4j.setDefaultDataTypes(t, t);
        ComputationGraph g = graph(s, true, null, null);
        assertEquals(t, g.params().dataType());
        if (params == null) {
            moveOffIdentity(g, 12);
        } else {
            g.setParams(params.castTo(t));
        }
        INDArray x = images(3, 4, s.channels(), s.height(), s.width(), false);
        INDArray st = g.feedForward(x, false).get("st").castTo(DataType.DOUBLE);
        g.setInputs(x);
        g.setLabels(labels(4));
        g.computeGradientAndScore();
        INDArray score = Nd4j.scalar(g.score());
        INDArray grad = g.gradient().gradient().castTo(DataType.DOUBLE).dup();
        Layer layer = g.getLayer("st");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, mgr);
        INDArray v = layer.activate(true, mgr);
        Nd4j.getRandom().setSeed(4);
        INDArray e = Nd4j.randn(DataType.DOUBLE, v.shape()).castTo(t);
        INDArray dx = layer.backpropGradient(e, mgr).getSecond().castTo(DataType.DOUBLE).dup();
        return new INDArray[]{st, score, grad, dx, g.params().castTo(DataType.DOUBLE).dup()};
    }
}
