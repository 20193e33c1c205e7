package io.attendspark.models.stn;

import io.attendspark.models.samediff.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central-difference gradient check of grid generator + bilinear sampler (eqs. (1), (3)–(7)) w.r.t.
 * U and θ, double precision, θ chosen so that no sample point lies on an integer pixel position
 * (where the bilinear kernel has kinks and only sub-gradients exist).
 */
@ExtendWith(DoublePrecision.class)
class BilinearSamplerGradCheckTest {

    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-9;
    /** Minimum distance of every sample coordinate from an integer, so ±EPS never crosses a kink. */
    private static final double MIN_KINK_DISTANCE = 1e-3;

    private static final int MB = 2, C = 2, H = 5, W = 4, OUT_H = 3, OUT_W = 4;
    private static final double[][] THETA = {{0.9, 0.15, 0.05, -0.1, 0.85, 0.07}, {0.7, -0.3, 0.63, 0.25, 1.1, -0.41}};

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.3})
    void gradientsWrtUAndThetaMatchCentralDifferences(double background) {
        assertSamplePointsAwayFromKinks();
        Nd4j.getRandom().setSeed(7);
        SameDiff sd = SameDiff.create();
        SDVariable u = sd.var("u", Nd4j.rand(DataType.DOUBLE, MB, C, H, W).subi(0.5));
        SDVariable theta = sd.var("theta", Nd4j.create(THETA));
        SDVariable lossWeights = sd.constant("lossWeights", Nd4j.rand(DataType.DOUBLE, MB, C, OUT_H, OUT_W));
        AffineGridGenerator.SourceGrid grid = AffineGridGenerator.define(sd, theta, H, W, OUT_H, OUT_W);
        SDVariable v = BilinearSampler.define(sd, u, grid, C, H, W, OUT_H, OUT_W, background);
        SDVariable loss = sd.sum("loss", v.mul(lossWeights));
        sd.setLossVariables(loss);

        Map<String, INDArray> grads = sd.calculateGradients(Collections.emptyMap(), "u", "theta");
        assertTrue(grads.get("theta").norm2Number().doubleValue() > 0, "theta gradient must not vanish");
        assertTrue(grads.get("u").norm2Number().doubleValue() > 0, "U gradient must not vanish");
        assertEquals(MB * 6L, grads.get("theta").length());

        // independent central differences on every θ entry (GradCheckUtil below covers U and θ again)
        INDArray thetaArr = theta.getArr();
        for (int k = 0; k < thetaArr.length(); k++) {
            double original = thetaArr.getDouble(k);
            thetaArr.putScalar(k, original + EPS);
            double plus = sd.output(Collections.emptyMap(), "loss").get("loss").getDouble(0);
            thetaArr.putScalar(k, original - EPS);
            double minus = sd.output(Collections.emptyMap(), "loss").get("loss").getDouble(0);
            thetaArr.putScalar(k, original);
            double numeric = (plus - minus) / (2 * EPS);
            double analytic = grads.get("theta").getDouble(k);
            double rel = Math.abs(numeric - analytic) / Math.max(Math.abs(numeric) + Math.abs(analytic), 1e-12);
            assertTrue(rel < MAX_REL_ERROR || Math.abs(numeric - analytic) < MIN_ABS_ERROR,
                    "dLoss/dtheta[" + k + "]: analytic " + analytic + " numeric " + numeric);
        }

        boolean ok = GradCheckUtil.checkGradients(sd, Collections.emptyMap(), EPS, MAX_REL_ERROR, MIN_ABS_ERROR,
                true, false);
        assertTrue(ok, "gradient check failed for background " + background + " (see log)");
    }

    private static void assertSamplePointsAwayFromKinks() {
        for (double[] t : THETA) {
            for (int i = 0; i < OUT_H; i++) {
                for (int j = 0; j < OUT_W; j++) {
                    for (double coord : AffineGridGenerator.sourcePixel(t, H, W, OUT_H, OUT_W, i, j)) {
                        double d = Math.abs(coord - Math.rint(coord));
                        assertTrue(d > MIN_KINK_DISTANCE, "sample coordinate " + coord + " too close to a kink");
                    }
                }
            }
        }
    }
}
