package io.attendspark.models.ntm;

import io.attendspark.models.samediff.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.HashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central-difference gradient checks in double precision: the addressing chain (eqs. (5)–(9)),
 * read and erase/add writes (eqs. (2)–(4)) as SameDiff graphs, and the whole masked episode loss
 * through the DL4J ComputationGraph (LSTM and feed-forward controllers, one and two write heads,
 * constant and learned memory).
 */
@ExtendWith(DoublePrecision.class)
class NtmGradCheckTest {

    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-9;

    private static boolean check(SameDiff sd) {
        return org.nd4j.autodiff.validation.GradCheckUtil.checkGradients(sd, new HashMap<>(), EPS, MAX_REL_ERROR,
                MIN_ABS_ERROR, true, false);
    }

    @Test
    void addressingGradientsMatchCentralDifferences() {
        Nd4j.getRandom().setSeed(1);
        int b = 2, heads = 2, n = 5, m = 3, shiftRange = 1;
        SameDiff sd = SameDiff.create();
        SDVariable memory = sd.var("memory", Nd4j.randn(DataType.DOUBLE, b, n, m));
        SDVariable raw = sd.var("raw", Nd4j.randn(DataType.DOUBLE, b, heads, NtmAddressing.paramsPerHead(m, 3)));
        SDVariable wPrev = sd.nn().softmax(sd.var("wPrevLogits", Nd4j.randn(DataType.DOUBLE, b, heads, n)), 2);
        NtmAddressing.Head head = NtmAddressing.squash(sd, raw, m, 3);
        SDVariable w = NtmAddressing.address(sd, memory, head, wPrev, n, shiftRange);
        SDVariable loss = w.mul(sd.constant(Nd4j.randn(DataType.DOUBLE, b, heads, n))).sum("loss");
        sd.setLossVariables(loss);
        assertTrue(check(sd), "addressing gradient check failed (see log)");
    }

    @Test
    void readAndWriteGradientsMatchCentralDifferences() {
        Nd4j.getRandom().setSeed(2);
        int b = 2, n = 4, m = 3, writes = 2;
        SameDiff sd = SameDiff.create();
        SDVariable memory = sd.var("memory", Nd4j.randn(DataType.DOUBLE, b, n, m));
        SDVariable wWrite = sd.nn().softmax(sd.var("wWriteLogits", Nd4j.randn(DataType.DOUBLE, b, writes, n)), 2);
        SDVariable erase = sd.nn().sigmoid(sd.var("eraseRaw", Nd4j.randn(DataType.DOUBLE, b, writes, m)));
        SDVariable add = sd.var("add", Nd4j.randn(DataType.DOUBLE, b, writes, m));
        SDVariable wRead = sd.nn().softmax(sd.var("wReadLogits", Nd4j.randn(DataType.DOUBLE, b, 1, n)), 2);
        SDVariable written = NtmMemory.write(sd, memory, wWrite, erase, add, writes);
        SDVariable read = NtmMemory.read(sd, wRead, written);
        SDVariable loss = read.mul(sd.constant(Nd4j.randn(DataType.DOUBLE, b, 1, m))).sum()
                .add("loss", written.mul(sd.constant(Nd4j.randn(DataType.DOUBLE, b, n, m))).sum());
        sd.setLossVariables(loss);
        assertTrue(check(sd), "read/write gradient check failed (see log)");
    }

    private static NtmConfig tiny(NtmConfig.Controller controller, int writes, NtmConfig.MemoryInit init) {
        return NtmConfig.defaults().withWidths(3, 2).withController(controller, 3).withMemory(4, 3, 1, writes)
                .withMemoryInit(init).withSteps(4).withSeed(7);
    }

    private static void checkEpisodeLoss(NtmConfig c) {
        ComputationGraph graph = new ComputationGraph(NtmModels.configuration(c, DataType.DOUBLE, new NoOp(),
                GradientNormalization.None));
        graph.init();
        Nd4j.getRandom().setSeed(3);
        // move the initial weightings off their saturated start so that their gradients are not ~0
        graph.getLayer(NtmModels.NTM).getParam(NeuralTuringMachineLayer.WEIGHTING_INIT)
                .assign(Nd4j.randn(DataType.DOUBLE, 1, (long) (c.readHeads() + c.writeHeads()) * c.memoryRows()));
        int b = 2;
        INDArray features = Nd4j.rand(DataType.DOUBLE, b, c.inputWidth(), c.steps()).gt(0.5).castTo(DataType.DOUBLE);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, b, c.outputWidth(), c.steps()).gt(0.5).castTo(DataType.DOUBLE);
        INDArray labelMask = Nd4j.create(new double[][]{{0, 1, 1, 1}, {0, 0, 1, 0}});
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[]{features}).labels(new INDArray[]{labels})
                .labelMask(new INDArray[]{labelMask})
                .epsilon(EPS).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR).exitOnFirstError(false));
        assertTrue(ok, "episode-loss gradient check failed for " + c + " (see log)");
    }

    @Test
    void episodeLossWithLstmControllerChecks() {
        checkEpisodeLoss(tiny(NtmConfig.Controller.LSTM, 1, NtmConfig.MemoryInit.CONSTANT));
    }

    @Test
    void episodeLossWithFeedForwardControllerTwoWriteHeadsAndLearnedMemoryChecks() {
        checkEpisodeLoss(tiny(NtmConfig.Controller.FEEDFORWARD, 2, NtmConfig.MemoryInit.LEARNED));
    }
}
