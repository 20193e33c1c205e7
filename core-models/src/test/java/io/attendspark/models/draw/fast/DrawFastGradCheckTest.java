package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import io.attendspark.models.samediff.DoublePrecision;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static io.attendspark.models.draw.fast.DrawFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double precision: central differences of the fast layer's own score (the batch-mean bound) against
 * its analytic gradient, over <em>every</em> parameter, with and without attention (square and
 * non-square images), FIXED noise and SAMPLED noise (the global RNG re-seeded before every score so
 * that ε is the same).
 */
@ExtendWith(DoublePrecision.class)
class DrawFastGradCheckTest {

    private static final double EPS = 1e-6;
    /** Score ~30 nats: round-off over ±1e-6 leaves ~1e-8 noise, so small gradients are compared absolutely. */
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-7;

    private static void check(DrawConfig c, int mb) {
        ComputationGraph g = DrawModels.buildFast(c);
        assertTrue(DrawModels.isFast(g));
        perturb(g, c.seed(), 0.1);
        INDArray x = images(c.seed() + 1, mb, c.height(), c.width()), y = labels(mb);
        DataSet ds = new DataSet(x, y);
        long noiseSeed = 1234;
        INDArray analytic = (INDArray) scoreAndGradient(g, x, y, noiseSeed)[1];
        INDArray params = g.params();
        int failures = 0;
        double worst = 0;
        for (long i = 0; i < params.length(); i++) {
            double orig = params.getDouble(i);
            params.putScalar(i, orig + EPS);
            Nd4j.getRandom().setSeed(noiseSeed);
            double plus = g.score(ds);
            params.putScalar(i, orig - EPS);
            Nd4j.getRandom().setSeed(noiseSeed);
            double minus = g.score(ds);
            params.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * EPS), a = analytic.getDouble(i);
            double abs = Math.abs(a - numeric), rel = abs / Math.max(Math.abs(a) + Math.abs(numeric), 1e-300);
            if (!(abs < MIN_ABS_ERROR || rel < MAX_REL_ERROR)) {
                if (failures++ < 10) {
                    System.out.printf("param %d: analytic %.10g vs numeric %.10g (rel %.3g)%n", i, a, numeric, rel);
                }
            }
            if (Math.abs(a) > 1e-4) {
                worst = Math.max(worst, rel);
            }
        }
        System.out.printf("draw fast gradient check %s: %d params, %d failures, worst rel %.3g (|g| > 1e-4)%n",
                (c.attention() ? "attention" : "no attention") + "/" + c.noise() + "/" + c.height() + "x" + c.width(),
                params.length(), failures, worst);
        assertTrue(failures == 0, failures + " of " + params.length() + " gradients differ from central differences");
    }

    @Test
    void attentionSampledNoiseMatchesCentralDifferences() {
        check(SMALL, 3);
    }

    @Test
    void attentionFixedNoiseNonSquareMatchesCentralDifferences() {
        check(SMALL.withImage(6, 7).withNoise(DrawConfig.Noise.FIXED), 3);
    }

    @Test
    void withoutAttentionMatchesCentralDifferences() {
        check(new DrawConfig(4, 5, false, 2, 3, 4, 4, 3, 3, 1e-3, 0, -0.7, DrawConfig.Noise.SAMPLED, 6), 3);
    }
}
