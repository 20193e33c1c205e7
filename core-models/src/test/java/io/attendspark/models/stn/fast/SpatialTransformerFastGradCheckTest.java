package io.attendspark.models.stn.fast;

import io.attendspark.models.samediff.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.attendspark.models.stn.fast.StnFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double precision: central differences against the fast layer's analytic gradients, with θ off
 * the identity (rotation, scale > 1, shift, image-dependent through random θ weights), so that
 * samples fall between pixel centres and partly outside the image: DL4J's GradientCheckUtil over
 * every parameter of small graphs (one with a conv before the transformer, whose parameter
 * gradients are only right if the transformer's input gradient is), and the input gradient of the
 * layer itself element by element.
 */
@ExtendWith(DoublePrecision.class)
class SpatialTransformerFastGradCheckTest {

    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-8;

    private static void checkGraph(Setup s) {
        ComputationGraph g = graph(s, true, null, null);
        moveOffIdentity(g, 3);
        INDArray x = images(4, 3, s.convBefore() ? 2 : s.channels(), s.height(), s.width(), false);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[]{x}).labels(new INDArray[]{labels(3)})
                .epsilon(EPS).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .exitOnFirstError(false));
        assertTrue(ok, "gradient check of " + s + " failed (see log)");
    }

    @Test
    void everyParameterMatchesCentralDifferences() {
        checkGraph(new Setup(2, 10, 11, 6, 7, 0.2, false));
    }

    @Test
    void convBeforeTheTransformerMatchesCentralDifferences() {
        checkGraph(new Setup(2, 14, 13, 0, 0, -0.3, true));
    }

    /** ∂(Σ e·V)/∂U of the layer alone (sampler path + localisation-net path) against central differences. */
    @Test
    void inputGradientMatchesCentralDifferences() {
        Setup s = new Setup(3, 11, 12, 8, 9, 0.25, false);
        ComputationGraph g = graph(s, true, null, null);
        moveOffIdentity(g, 8);
        g.initGradientsView();                                      // the layer writes its gradients into these views
        Layer st = g.getLayer("st");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = images(6, 2, s.channels(), s.height(), s.width(), false);
        st.setInput(x, mgr);
        INDArray v = st.activate(true, mgr);
        Nd4j.getRandom().setSeed(2);
        INDArray e = Nd4j.randn(DataType.DOUBLE, v.shape());
        INDArray analytic = st.backpropGradient(e, mgr).getSecond().dup();
        int failures = 0;
        double worst = 0;
        for (long i = 0; i < x.length(); i++) {
            double orig = x.getDouble(i);
            x.putScalar(i, orig + EPS);
            double plus = weightedSum(st, x, e);
            x.putScalar(i, orig - EPS);
            double minus = weightedSum(st, x, e);
            x.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * EPS), a = analytic.getDouble(i);
            double abs = Math.abs(a - numeric), rel = abs / Math.max(Math.abs(a) + Math.abs(numeric), 1e-300);
            if (!(abs < MIN_ABS_ERROR || rel < MAX_REL_ERROR) && failures++ < 10) {
                System.out.printf("input %d: analytic %.10g vs numeric %.10g (rel %.3g)%n", i, a, numeric, rel);
            }
            if (Math.abs(a) > 1e-4) {
                worst = Math.max(worst, rel);
            }
        }
        System.out.printf("stn fast input gradient check %s: %d inputs, %d failures, worst rel %.3g%n", s, x.length(),
                failures, worst);
        assertTrue(failures == 0, failures + " of " + x.length() + " input gradients differ from central differences");
    }

    private static double weightedSum(Layer st, INDArray x, INDArray e) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        st.setInput(x, mgr);
        return st.activate(false, mgr).mul(e).sumNumber().doubleValue();
    }
}
