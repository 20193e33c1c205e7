package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NtmConfig;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static io.attendspark.models.ntm.fast.NtmFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float32: the fast layer equals the SameDiff NTM (the oracle) on the same parameters, inputs and
 * labels mask: initial parameters, logits, score and the full parameter gradient.
 */
class NtmFastEquivalenceTest {

    static final double LOGIT_TOL = 1e-5;
    static final double GRAD_REL_TOL = 1e-4;
    /**
     * Gradient entries below this fraction of the largest are compared absolutely (to
     * {@code GRAD_REL_TOL · max|g|}): the SameDiff oracle runs in float32 and small entries that are
     * sums with cancellation carry its rounding noise (seen: 4e-4 relative on an entry of 2e-3·max).
     */
    static final double GRAD_FLOOR = 1e-2;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    static void check(NtmConfig c, int b, boolean spread) {
        ComputationGraph sd = sameDiff(c, DataType.FLOAT, new NoOp(), GradientNormalization.None);
        ComputationGraph fast = fast(c, DataType.FLOAT, new NoOp(), GradientNormalization.None);
        double initDiff = maxAbs(sd.params(), fast.params());
        if (spread) {
            spreadInitialWeightings(sd, c, 5);
        }
        fast.setParams(sd.params().dup());
        INDArray[] e = episode(c, DataType.FLOAT, b, 9);
        double logitDiff = maxAbs(logits(sd, e[0]), logits(fast, e[0]));
        INDArray gs = gradient(sd, e), gf = gradient(fast, e);
        double scoreDiff = Math.abs(sd.score() - fast.score());
        double gradScale = gs.amaxNumber().doubleValue();
        double gradAbs = maxAbs(gs, gf), gradRel = maxRel(gs, gf, GRAD_FLOOR * gradScale);
        // the float32 oracle's own error: both against the SameDiff graph in double on the same parameters
        ComputationGraph exact = sameDiff(c, DataType.DOUBLE, new NoOp(), GradientNormalization.None);
        exact.setParams(sd.params().castTo(DataType.DOUBLE));
        INDArray ge = gradient(exact, new INDArray[]{e[0].castTo(DataType.DOUBLE), e[1].castTo(DataType.DOUBLE),
                e[2].castTo(DataType.DOUBLE)});
        double sdErr = maxRel(ge, gs, GRAD_FLOOR * gradScale), fastErr = maxRel(ge, gf, GRAD_FLOOR * gradScale);
        System.out.printf("float %s b=%d: init %.3g, logits %.3g, score %.3g (%.6f), grad abs %.3g (max |g| %.3g),"
                        + " grad rel %.3g; vs double oracle: SameDiff-float rel %.3g, fast-float rel %.3g; per param %s%n",
                c.controller() + "/" + c.memoryInit() + "/T" + c.steps(), b, initDiff, logitDiff, scoreDiff,
                sd.score(), gradAbs, gradScale, gradRel, sdErr, fastErr, perParam(sd, gs, gf));
        assertEquals(0.0, initDiff, "same seed must give the same initial parameters");
        assertTrue(logitDiff < LOGIT_TOL, "logits differ by " + logitDiff);
        assertTrue(scoreDiff < 1e-4 * Math.max(1, sd.score()), "scores differ by " + scoreDiff);
        assertTrue(gradAbs < GRAD_REL_TOL * gradScale, "gradients differ by " + gradAbs + " " + perParam(sd, gs, gf));
        assertTrue(gradRel < GRAD_REL_TOL || fastErr <= sdErr,
                "gradients differ elementwise by " + gradRel + " and the fast layer is further from the double"
                        + " oracle (" + fastErr + ") than SameDiff float (" + sdErr + ")");
    }

    @Test
    void smallLstmMatchesSameDiff() {
        check(SMALL, 3, true);
    }

    @Test
    void smallFeedForwardWithLearnedMemoryMatchesSameDiff() {
        check(SMALL.withController(NtmConfig.Controller.FEEDFORWARD, 12).withMemoryInit(NtmConfig.MemoryInit.LEARNED),
                3, true);
    }

    @Test
    void smallRandomMemoryOneReadThreeWritesMatchesSameDiff() {
        check(SMALL.withMemoryInit(NtmConfig.MemoryInit.RANDOM).withMemory(8, 5, 1, 3), 3, true);
    }

    @Test
    void defaultCopyConfigMatchesSameDiff() {
        check(NtmConfig.defaults(), 4, false);
    }
}
