package io.attendspark.models.draw;

import io.attendspark.models.samediff.DoublePrecision;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central-difference gradient checks in double precision: the filterbank read (eq. 27) and write
 * (eq. 29) w.r.t. attention parameters, images and patch; and the whole DRAW bound w.r.t. every
 * parameter (a strided subset; DL4J's GradientCheckUtil was ~3× slower here) with the graph's own
 * score as the function (FIXED noise, NoOp updater, digit labels present and ignored).
 */
@ExtendWith(DoublePrecision.class)
class DrawGradCheckTest {

    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-9;
    /**
     * The whole-model score is ~30 nats: double round-off over a ±1e-6 step leaves ~1e-8 of noise in a
     * central difference, so gradients below ~1e-7 are compared absolutely.
     */
    private static final double GRAPH_MAX_REL_ERROR = 1e-4;
    private static final double GRAPH_MIN_ABS_ERROR = 1e-7;
    /** About this many parameters, evenly strided over all eight parameter arrays, per whole-model check. */
    private static final int PARAMS_CHECKED = 150;

    @Test
    void readGradientsMatchCentralDifferences() {
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(21);
        // two heads (write 3×3 and read 2×2 as in the model), non-square 7×6 image
        SDVariable attn = sd.var("attn", Nd4j.create(new double[][]{
                {0.1, -0.2, 0.3, -0.4, 0.05, -0.1, 0.2, 0.4, -0.6, 0.1},
                {-0.3, 0.1, -0.2, -0.8, 0.2, 0.25, -0.15, 0.7, -0.5, -0.2}}));
        SDVariable x = sd.var("x", Nd4j.rand(DataType.DOUBLE, 2, 7, 6));
        SDVariable xHat = sd.var("xHat", Nd4j.rand(DataType.DOUBLE, 2, 7, 6).subi(0.5));
        DrawFilterBank fb = new DrawFilterBank(sd, "fb", DataType.DOUBLE, new int[]{3, 2}, 7, 6);
        SDVariable read = fb.read(fb.define(attn)[1], x, xHat);                             // [2, 8]
        SDVariable loss = read.mul(sd.constant(Nd4j.rand(DataType.DOUBLE, 2, 8))).sum("loss");
        checkSameDiff(sd, loss, List.of("attn", "x", "xHat"));
    }

    @Test
    void writeGradientsMatchCentralDifferences() {
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(22);
        SDVariable attn = sd.var("attn", Nd4j.create(new double[][]{
                {0.1, -0.2, 0.3, -0.4, 0.05, -0.1, 0.2, 0.4, -0.6, 0.1},
                {-0.3, 0.1, -0.2, -0.8, 0.2, 0.25, -0.15, 0.7, -0.5, -0.2}}));
        SDVariable patch = sd.var("patch", Nd4j.rand(DataType.DOUBLE, 2, 9).subi(0.5));
        DrawFilterBank fb = new DrawFilterBank(sd, "fb", DataType.DOUBLE, new int[]{3, 2}, 7, 6);
        SDVariable write = fb.write(fb.define(attn)[0], patch);                             // [2, 42]
        SDVariable loss = write.mul(sd.constant(Nd4j.rand(DataType.DOUBLE, 2, 42))).sum("loss");
        checkSameDiff(sd, loss, List.of("attn", "patch"));
    }

    @Test
    void wholeBoundWithAttentionMatchesCentralDifferences() {
        checkGraph(new DrawConfig(6, 7, true, 2, 3, 5, 4, 3, 3, 1e-3, 0, -0.7, DrawConfig.Noise.FIXED, 5));
    }

    @Test
    void wholeBoundWithoutAttentionMatchesCentralDifferences() {
        checkGraph(new DrawConfig(4, 5, false, 2, 3, 4, 4, 3, 3, 1e-3, 0, -0.7, DrawConfig.Noise.FIXED, 6));
    }

    private static void checkGraph(DrawConfig c) {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(c.seed()).dataType(DataType.DOUBLE).updater(new NoOp())
                .graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(c.height(), c.width(), 1))
                .addLayer(DrawModels.LAYER, new DrawLayer(c), "input").setOutputs(DrawModels.LAYER).build());
        graph.init();
        Nd4j.getRandom().setSeed(c.seed());
        // move the weights off their init so that the attention and the forget gates are exercised
        graph.params().addi(Nd4j.randn(DataType.DOUBLE, graph.params().shape()).muli(0.1));
        int mb = 3;
        INDArray input = Nd4j.rand(DataType.DOUBLE, mb, 1, c.height(), c.width()).gt(0.5).castTo(DataType.DOUBLE);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, mb, 10);
        for (int i = 0; i < mb; i++) {
            labels.putScalar(i, (3 * i) % 10, 1.0);
        }
        graph.setInputs(input);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        INDArray analytic = graph.gradient().gradient().dup();
        DataSet ds = new DataSet(input, labels);
        INDArray params = graph.params();
        long n = params.length();
        long stride = Math.max(1, n / PARAMS_CHECKED);
        int checked = 0;
        for (long i = 0; i < n; i += stride) {
            double orig = params.getDouble(i);
            params.putScalar(i, orig + EPS);
            double plus = graph.score(ds);
            params.putScalar(i, orig - EPS);
            double minus = graph.score(ds);
            params.putScalar(i, orig);
            assertClose("param " + i, analytic.getDouble(i), (plus - minus) / (2 * EPS),
                    GRAPH_MAX_REL_ERROR, GRAPH_MIN_ABS_ERROR);
            checked++;
        }
        assertTrue(checked >= PARAMS_CHECKED / 2, "checked " + checked);
    }

    private static void assertClose(String what, double analytic, double numeric, double maxRel, double minAbs) {
        double abs = Math.abs(analytic - numeric);
        double rel = abs / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-300);
        assertTrue(abs < minAbs || rel < maxRel,
                what + ": analytic " + analytic + " vs numeric " + numeric + " (rel " + rel + ")");
    }

    /** Analytic gradients of {@code loss} against central differences over every element of {@code vars}. */
    private static void checkSameDiff(SameDiff sd, SDVariable loss, List<String> vars) {
        sd.setLossVariables(loss);
        Map<String, INDArray> analytic = sd.calculateGradients(Map.of(), vars);
        int checked = 0;
        for (String name : vars) {
            INDArray arr = sd.getVariable(name).getArr();
            INDArray grad = analytic.get(name);
            for (long i = 0; i < arr.length(); i++) {
                double orig = arr.getDouble(i);
                arr.putScalar(i, orig + EPS);
                double plus = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
                arr.putScalar(i, orig - EPS);
                double minus = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
                arr.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * EPS);
                assertClose(name + "[" + i + "]", grad.getDouble(i), numeric, MAX_REL_ERROR, MIN_ABS_ERROR);
                checked++;
            }
        }
        assertTrue(checked > 0);
        assertEquals(checked, vars.stream().mapToLong(v -> sd.getVariable(v).getArr().length()).sum());
    }
}
