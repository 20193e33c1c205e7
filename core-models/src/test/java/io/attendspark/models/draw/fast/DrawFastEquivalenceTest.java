package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawBound;
import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import io.attendspark.models.samediff.DoublePrecision;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.attendspark.models.draw.fast.DrawFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double precision: the fast layer equals the SameDiff {@code DrawLayer} (the oracle): same seed →
 * identical initial parameters (names, order, values); on the same (perturbed) parameters, images
 * and ε: score, full parameter gradient, activations σ(c_T) and {@link DrawModels#bound}, with and
 * without attention, SAMPLED and FIXED noise, T = 3, batch 3.
 */
@ExtendWith(DoublePrecision.class)
class DrawFastEquivalenceTest {

    /** Relative tolerance of score and gradient (double precision, different summation orders). */
    static final double TOL = 1e-10;

    static void check(DrawConfig c, int batch) {
        ComputationGraph sd = DrawModels.build(c);
        ComputationGraph fast = DrawModels.buildFast(c);
        assertEquals(DataType.DOUBLE, fast.params().dataType());
        assertEquals(sd.getLayer(DrawModels.LAYER).paramTable().keySet(),
                fast.getLayer(DrawModels.LAYER).paramTable().keySet(), "parameter names and order");
        sd.getLayer(DrawModels.LAYER).paramTable().forEach((k, v) -> assertEquals(
                java.util.Arrays.toString(v.shape()),
                java.util.Arrays.toString(fast.getLayer(DrawModels.LAYER).paramTable().get(k).shape()), k));
        double initDiff = maxAbs(sd.params(), fast.params());
        assertEquals(0.0, initDiff, "same seed must give the same initial parameters");
        perturb(sd, c.seed() + 1, 0.3);
        fast.setParams(sd.params().dup());
        INDArray x = images(c.seed() + 2, batch, c.height(), c.width()), y = labels(batch);

        Object[] rs = scoreAndGradient(sd, x, y, 99), rf = scoreAndGradient(fast, x, y, 99);
        double ss = (double) rs[0], sf = (double) rf[0];
        INDArray gs = (INDArray) rs[1], gf = (INDArray) rf[1];
        double scale = gs.amaxNumber().doubleValue();
        double gradAbs = maxAbs(gs, gf), gradRel = maxRel(gs, gf, 1e-6 * scale);
        Nd4j.getRandom().setSeed(7);
        INDArray outS = sd.outputSingle(false, x);
        Nd4j.getRandom().setSeed(7);
        INDArray outF = fast.outputSingle(false, x);
        double outDiff = maxAbs(outS, outF);
        Nd4j.getRandom().setSeed(8);
        DrawBound bs = DrawModels.bound(sd, x);
        Nd4j.getRandom().setSeed(8);
        DrawBound bf = DrawModels.bound(fast, x);
        System.out.printf("draw fast vs SameDiff (double) %s: score %.12f vs %.12f, grad abs %.3g (max |g| %.3g),"
                        + " grad rel %.3g, canvas %.3g, bound %.12f vs %.12f; per param %s%n",
                (c.attention() ? "attention" : "no attention") + "/" + c.noise() + "/" + c.height() + "x" + c.width(),
                ss, sf, gradAbs, scale, gradRel, outDiff, bs.total(), bf.total(), perParam(sd, gs, gf));
        assertTrue(Math.abs(ss - sf) < TOL * Math.abs(ss), "scores differ: " + ss + " vs " + sf);
        assertTrue(gradAbs < TOL * scale && gradRel < TOL,
                "gradients differ: abs " + gradAbs + ", rel " + gradRel + " " + perParam(sd, gs, gf));
        assertTrue(outDiff < TOL, "activations σ(c_T) differ by " + outDiff);
        assertTrue(Math.abs(bs.reconstruction() - bf.reconstruction()) < TOL * Math.abs(bs.reconstruction())
                && Math.abs(bs.kl() - bf.kl()) < TOL * Math.abs(bs.kl()), "bounds differ: " + bs + " vs " + bf);
    }

    @Test
    void attentionSampledNoiseEqualsSameDiff() {
        check(SMALL, 3);
    }

    @Test
    void attentionFixedNoiseNonSquareEqualsSameDiff() {
        check(SMALL.withImage(6, 7).withNoise(DrawConfig.Noise.FIXED), 3);
    }

    @Test
    void withoutAttentionEqualsSameDiff() {
        check(SMALL.withAttention(false), 3);
    }

    @Test
    void withoutAttentionFixedNoiseEqualsSameDiff() {
        check(SMALL.withAttention(false).withNoise(DrawConfig.Noise.FIXED), 3);
    }

    @Test
    void readAndWriteOfSizeOneEqualSameDiff() {
        check(new DrawConfig(5, 5, true, 1, 1, 4, 3, 2, 3, 1e-3, 100, -0.7, DrawConfig.Noise.SAMPLED, 13), 2);
    }
}
