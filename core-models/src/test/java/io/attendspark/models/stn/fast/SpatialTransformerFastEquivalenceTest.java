package io.attendspark.models.stn.fast;

import io.attendspark.models.samediff.DoublePrecision;
import io.attendspark.models.stn.SpatialTransformerLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.Arrays;

import static io.attendspark.models.stn.fast.StnFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double precision: the fast layer equals the SameDiff {@link SpatialTransformerLayer} (the oracle,
 * with its gradient fix) inside otherwise identical graphs: same seed → identical initial
 * parameters (names, order, shapes, values); on the same parameters (θ moved off the identity
 * unless stated) and images: the transformer's output, the score, every parameter gradient of the
 * graph, the gradient w.r.t. the transformer's input, and the parameters after two updates with a
 * per-layer updater.
 */
@ExtendWith(DoublePrecision.class)
class SpatialTransformerFastEquivalenceTest {

    /** Relative tolerance (double precision, different summation orders). */
    static final double TOL = 1e-10;
    private static final int MB = 3;

    private static void check(Setup s, boolean offIdentity, boolean digitLike) {
        ComputationGraph sd = graph(s, false, null, null);
        ComputationGraph fast = graph(s, true, null, null);
        assertEquals(DataType.DOUBLE, fast.params().dataType());
        assertInstanceOf(SpatialTransformerFastLayerRuntime.class, fast.getLayer("st"));
        assertEquals(sd.getLayer("st").paramTable().keySet(), fast.getLayer("st").paramTable().keySet(),
                "parameter names and order");
        sd.getLayer("st").paramTable().forEach((k, v) -> assertArrayEquals(v.shape(),
                fast.getLayer("st").paramTable().get(k).shape(), k));
        assertEquals(0.0, maxAbs(sd.params(), fast.params()), "same seed must give the same initial parameters");
        if (offIdentity) {
            moveOffIdentity(sd, 31);
        }
        fast.setParams(sd.params().dup());
        INDArray x = images(7, MB, s.convBefore() ? 2 : s.channels(), s.height(), s.width(), digitLike);
        INDArray y = labels(MB);

        INDArray stSd = sd.feedForward(x, false).get("st"), stFast = fast.feedForward(x, false).get("st");
        assertArrayEquals(new long[]{MB, s.channels(), s.outH() > 0 ? s.outH() : s.stHeight(),
                s.outW() > 0 ? s.outW() : s.stWidth()}, stFast.shape());
        double outRel = maxRel(stSd, stFast, 1e-6 * stSd.amaxNumber().doubleValue());

        sd.setInputs(x);
        sd.setLabels(y);
        sd.computeGradientAndScore();
        fast.setInputs(x);
        fast.setLabels(y);
        fast.computeGradientAndScore();
        double ss = sd.score(), sf = fast.score();
        INDArray gs = sd.gradient().gradient().dup(), gf = fast.gradient().gradient().dup();
        double scale = gs.amaxNumber().doubleValue();
        double gradAbs = maxAbs(gs, gf), gradRel = maxRel(gs, gf, 1e-6 * scale);

        INDArray[] inputGrads = inputGradients(sd, fast, x, s);
        double inRel = maxRel(inputGrads[0], inputGrads[1], 1e-6 * inputGrads[0].amaxNumber().doubleValue());

        System.out.printf("stn fast vs SameDiff (double) %s%s%s: output rel %.3g, score %.15f vs %.15f, grad abs %.3g"
                        + " (max |g| %.3g) rel %.3g, input grad rel %.3g; per param %s%n", s,
                offIdentity ? "" : ", identity", digitLike ? ", digit-like" : "", outRel, ss, sf, gradAbs, scale,
                gradRel, inRel, perParam(sd, gs, gf));
        assertTrue(outRel < TOL, "transformer outputs differ: rel " + outRel);
        assertTrue(Math.abs(ss - sf) < TOL * Math.abs(ss), "scores differ: " + ss + " vs " + sf);
        assertTrue(gradAbs < TOL * scale && gradRel < TOL,
                "gradients differ: abs " + gradAbs + ", rel " + gradRel + " " + perParam(sd, gs, gf));
        for (String k : fast.getLayer("st").paramTable().keySet()) {
            boolean live = offIdentity || k.equals("locThetab");   // at the identity only θ's bias is reached
            assertTrue(!live || fast.gradient().getGradientFor("st_" + k).amaxNumber().doubleValue() > 0,
                    "the test must reach every parameter; " + k + " got no gradient");
        }
        assertTrue(inRel < TOL, "gradients w.r.t. the transformer input differ: rel " + inRel);
    }

    /** {SameDiff, fast} gradient w.r.t. the "st" layer's input for a fixed random ∂L/∂V, layer API. */
    private static INDArray[] inputGradients(ComputationGraph sd, ComputationGraph fast, INDArray x, Setup s) {
        INDArray stInput = s.convBefore() ? sd.feedForward(x, false).get("conv0") : x;
        INDArray[] out = new INDArray[2];
        ComputationGraph[] graphs = {sd, fast};
        for (int i = 0; i < 2; i++) {
            Layer st = graphs[i].getLayer("st");
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            st.setInput(stInput.dup(), mgr);
            INDArray v = st.activate(true, mgr);
            Nd4j.getRandom().setSeed(17);
            INDArray eps = Nd4j.randn(DataType.DOUBLE, v.shape());
            Pair<Gradient, INDArray> p = st.backpropGradient(eps, mgr);
            assertArrayEquals(stInput.shape(), p.getSecond().shape(), "input gradient shape");
            out[i] = p.getSecond().dup();
        }
        return out;
    }

    @Test
    void oneChannelSameSizeMatchesSameDiff() {
        check(new Setup(1, 12, 12, 0, 0, 0.0, false), true, false);
    }

    @Test
    void threeChannelsNonSquareOtherOutputSizeAndBackgroundMatchSameDiff() {
        check(new Setup(3, 13, 11, 9, 14, 0.35, false), true, false);
    }

    @Test
    void afterAConvLayerWithNegativeBackgroundMatchesSameDiff() {
        check(new Setup(2, 14, 12, 7, 8, -0.2, true), true, false);
    }

    /** Zero borders make whole pooling windows equal: the tie-break of the max pool must match too. */
    @Test
    void digitLikeImagesWithTiedPoolingWindowsMatchSameDiff() {
        check(new Setup(1, 16, 16, 0, 0, 0.0, false), true, true);
    }

    /** At the identity every sample sits on a pixel centre: the one-sided θ derivative must match. */
    @Test
    void identityStartMatchesSameDiff() {
        check(new Setup(2, 11, 12, 0, 0, 0.4, false), false, false);
    }

    /** Per-layer updater (Nesterovs on st, Adam elsewhere): two steps leave both graphs with the same parameters. */
    @Test
    void twoUpdatesWithAPerLayerUpdaterMatchSameDiff() {
        Setup s = new Setup(1, 12, 13, 10, 10, 0.1, false);
        ComputationGraph sd = graph(s, false, new Adam(1e-2), new Nesterovs(0.05, 0.9));
        ComputationGraph fast = graph(s, true, new Adam(1e-2), new Nesterovs(0.05, 0.9));
        assertEquals(new Nesterovs(0.05, 0.9), fast.getLayer("st").conf().getLayer().getUpdaterByParam("locConv1b"));
        assertEquals(new Nesterovs(0.05, 0.9), fast.getLayer("st").conf().getLayer().getUpdaterByParam("locThetaW"));
        moveOffIdentity(sd, 5);
        fast.setParams(sd.params().dup());
        INDArray x = images(9, 4, 1, s.height(), s.width(), false);
        INDArray y = labels(4);
        for (int i = 0; i < 2; i++) {
            sd.fit(new INDArray[]{x}, new INDArray[]{y});
            fast.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        INDArray ps = sd.params(), pf = fast.params();
        double moved = maxAbs(ps, graph(s, false, null, null).params());
        double rel = maxRel(ps, pf, 1e-6);
        System.out.printf("stn fast vs SameDiff after 2 updates: params rel %.3g (moved %.3g); %s%n", rel, moved,
                Arrays.toString(new double[]{sd.score(), fast.score()}));
        assertTrue(moved > 1e-3, "the updates must move the parameters");
        assertTrue(rel < 1e-9, "parameters after two updates differ: rel " + rel);
    }
}
