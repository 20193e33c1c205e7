package io.attendspark.models.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.models.samediff.DoublePrecision;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link MaxPoolLayer} against DL4J's {@link SubsamplingLayer} (MAX) between two convolutions, in
 * double: same activations, score and gradients (the first convolution's gradient needs the pooling
 * layer's input gradient); finite differences; hand-computed values; fallback; JSON.
 */
@ExtendWith(DoublePrecision.class)
class MaxPoolLayerTest {

    @ParameterizedTest
    @CsvSource({"2, 2, 2, 2", "3, 2, 2, 1", "2, 3, 1, 2"})
    void sameActivationsScoreAndGradientsAsDl4jPooling(int kh, int kw, int sh, int sw) {
        ComputationGraph reference = graph(pool(kh, kw, sh, sw, false));
        ComputationGraph java = graph(pool(kh, kw, sh, sw, true));
        assertTrue(((MaxPoolRuntime) java.getLayer("pool")).handled());
        INDArray x = input();
        INDArray y = labels();
        Map<String, INDArray> a = reference.feedForward(x, true);
        Map<String, INDArray> b = java.feedForward(x, true);
        assertEquals(a.get("pool"), b.get("pool"));
        for (ComputationGraph g : new ComputationGraph[]{reference, java}) {
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        }
        assertEquals(reference.score(), java.score(), 1e-14);
        INDArray ga = reference.gradient().gradient();
        INDArray gb = java.gradient().gradient();
        assertTrue(ga.sub(gb).norm2Number().doubleValue() <= 1e-12 * ga.norm2Number().doubleValue(),
                "gradients differ: " + ga.sub(gb).norm2Number());
    }

    @Test
    void gradientsMatchCentralDifferences() {
        ComputationGraph g = graph(pool(3, 2, 2, 1, true));
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[]{input()}).labels(new INDArray[]{labels()})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).exitOnFirstError(false));
        assertTrue(ok, "gradient check failed (see log)");
    }

    /** 2×2 windows of a 4×4 plane: the maxima, and the gradient only where they were. */
    @Test
    void poolsAndRoutesTheGradientToTheMaxima() {
        MaxPool p = new MaxPool(1, 4, 4, 2, 2, 2, 2);
        double[] x = {1, 5, 2, 0,
                      3, 4, 8, 1,
                      0, 0, 7, 7,
                      9, 0, 6, 7};
        double[] y = new double[4];
        p.forward(x, y);
        assertEquals(java.util.Arrays.toString(new double[]{5, 8, 9, 7}), java.util.Arrays.toString(y));
        double[] dx = new double[16];
        p.backward(new double[]{1, 2, 3, 4}, dx);
        assertEquals(java.util.Arrays.toString(new double[]{0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 4, 0, 3, 0, 0, 0}),
                java.util.Arrays.toString(dx), "ties go to the first maximum (row-major)");
    }

    @Test
    void otherConfigurationsRunDl4jsCodeOrAreRefused() {
        SubsamplingLayer.Builder padded = new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .padding(1, 1);
        ComputationGraph g = graph(new MaxPoolLayer(padded));
        assertFalse(((MaxPoolRuntime) g.getLayer("pool")).handled());
        ComputationGraph r = graph(padded.build());
        assertEquals(r.output(input())[0], g.output(input())[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPoolLayer(new SubsamplingLayer.Builder(PoolingType.AVG)));
        assertTrue(e.getMessage().contains("AVG"), e.getMessage());
    }

    @Test
    void jsonKeepsTheLayerClass() {
        ComputationGraphConfiguration conf = graph(pool(2, 2, 2, 2, true)).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertSame(MaxPoolLayer.class, ((LayerVertex) back.getVertices().get("pool")).getLayerConf().getLayer().getClass());
        assertNotEquals(pool(2, 2, 2, 2, false), pool(2, 2, 2, 2, true));
        assertNotEquals(pool(2, 2, 2, 2, true), pool(2, 2, 2, 2, false));
    }

    private static SubsamplingLayer pool(int kh, int kw, int sh, int sw, boolean java) {
        SubsamplingLayer.Builder b = new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kh, kw).stride(sh, sw);
        return java ? new MaxPoolLayer(b) : b.build();
    }

    private static ComputationGraph graph(SubsamplingLayer pool) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(5).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(9, 8, 2))
                .addLayer("conv1", new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(), "input")
                .addLayer("pool", pool, "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build(), "pool")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "conv2")
                .setOutputs("output").build());
        g.init();
        return g;
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(17);
        return Nd4j.rand(DataType.DOUBLE, 4, 2, 9, 8).subi(0.5);
    }

    private static INDArray labels() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return y;
    }
}
