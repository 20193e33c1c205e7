package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.samediff.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

import static io.attendspark.models.ntm.fast.NtmFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double precision: central-difference gradient checks of the fast layer alone (through the
 * masked XENT loss), and equality with the SameDiff oracle to ~1e-9.
 */
@ExtendWith(DoublePrecision.class)
class NtmFastGradCheckTest {

    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-6;
    private static final double MIN_ABS_ERROR = 1e-9;
    private static final double EQUAL_TOL = 1e-9;

    private static NtmConfig tiny(NtmConfig.Controller controller, int writes, NtmConfig.MemoryInit init) {
        return NtmConfig.defaults().withWidths(3, 2).withController(controller, 3).withMemory(4, 3, 2, writes)
                .withMemoryInit(init).withSteps(4).withSeed(7);
    }

    private static void finiteDifferences(NtmConfig c) {
        ComputationGraph g = fast(c, DataType.DOUBLE, new NoOp(), GradientNormalization.None);
        spreadInitialWeightings(g, c, 3);
        INDArray[] e = episode(c, DataType.DOUBLE, 2, 4);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[]{e[0]}).labels(new INDArray[]{e[1]}).labelMask(new INDArray[]{e[2]})
                .epsilon(EPS).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR).exitOnFirstError(false));
        assertTrue(ok, "fast NTM gradient check failed for " + c + " (see log)");
    }

    @Test
    void lstmControllerChecks() {
        finiteDifferences(tiny(NtmConfig.Controller.LSTM, 1, NtmConfig.MemoryInit.CONSTANT));
    }

    @Test
    void feedForwardTwoWriteHeadsLearnedMemoryChecks() {
        finiteDifferences(tiny(NtmConfig.Controller.FEEDFORWARD, 2, NtmConfig.MemoryInit.LEARNED));
    }

    @Test
    void noShiftRandomMemoryChecks() {
        NtmConfig c = tiny(NtmConfig.Controller.LSTM, 2, NtmConfig.MemoryInit.RANDOM);
        finiteDifferences(new NtmConfig(c.inputWidth(), c.outputWidth(), c.controller(), c.controllerSize(),
                c.memoryRows(), c.memoryWidth(), c.readHeads(), c.writeHeads(), 0, c.steps(), c.memoryInit(),
                c.optimizer(), c.learningRate(), c.clipping(), c.clipThreshold(), c.seed()));
    }

    private static void equalsSameDiff(NtmConfig c, int b) {
        ComputationGraph sd = sameDiff(c, DataType.DOUBLE, new NoOp(), GradientNormalization.None);
        ComputationGraph fast = fast(c, DataType.DOUBLE, new NoOp(), GradientNormalization.None);
        spreadInitialWeightings(sd, c, 5);
        fast.setParams(sd.params().dup());
        INDArray[] e = episode(c, DataType.DOUBLE, b, 9);
        double logitDiff = maxAbs(logits(sd, e[0]), logits(fast, e[0]));
        INDArray gs = gradient(sd, e), gf = gradient(fast, e);
        double scale = gs.amaxNumber().doubleValue();
        double gradAbs = maxAbs(gs, gf), gradRel = maxRel(gs, gf, 1e-6 * scale);
        System.out.printf("double %s b=%d: logits %.3g, score %.3g, grad abs %.3g (max |g| %.3g), grad rel %.3g%n",
                c.controller() + "/" + c.memoryInit() + "/T" + c.steps(), b, logitDiff,
                Math.abs(sd.score() - fast.score()), gradAbs, scale, gradRel);
        assertTrue(logitDiff < EQUAL_TOL, "logits differ by " + logitDiff);
        assertTrue(gradRel < EQUAL_TOL && gradAbs < EQUAL_TOL * scale,
                "gradients differ: rel " + gradRel + ", abs " + gradAbs + " " + perParam(sd, gs, gf));
    }

    @Test
    void smallLstmEqualsSameDiffInDouble() {
        equalsSameDiff(SMALL, 3);
    }

    @Test
    void smallFeedForwardLearnedMemoryEqualsSameDiffInDouble() {
        equalsSameDiff(SMALL.withController(NtmConfig.Controller.FEEDFORWARD, 12)
                .withMemoryInit(NtmConfig.MemoryInit.LEARNED), 3);
    }

    @Test
    void smallRandomMemoryOneReadThreeWritesEqualsSameDiffInDouble() {
        equalsSameDiff(SMALL.withMemoryInit(NtmConfig.MemoryInit.RANDOM).withMemory(8, 5, 1, 3), 3);
    }

    @Test
    void defaultCopyConfigEqualsSameDiffInDouble() {
        equalsSameDiff(NtmConfig.defaults(), 4);
    }
}
