package io.attendspark.models.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.attendspark.models.conv.ConvLayerAsserts.assertClose;

import io.attendspark.models.samediff.DoublePrecision;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link GemmConvolutionLayer} against DL4J's own {@link ConvolutionLayer}: two stacked convolutions
 * (so the first one's gradients depend on the input gradient the second passes back) and a softmax
 * layer, same seed, in double: same parameters, activations, score and gradient. Plus finite
 * differences, the configurations that fall back to DL4J's code, training in float, and JSON.
 */
@ExtendWith(DoublePrecision.class)
class GemmConvolutionLayerTest {

    /** kernel, stride, padding, channels, activation, bias, mode of both convolutions. */
    record Case(int[] kernel, int[] stride, int[] padding, int channels, Activation activation, boolean bias,
                ConvolutionMode mode) {
    }

    static java.util.stream.Stream<Arguments> cases() {
        return java.util.stream.Stream.of(
                Arguments.of(new Case(new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, 1, Activation.RELU, true,
                        ConvolutionMode.Truncate)),
                Arguments.of(new Case(new int[]{3, 2}, new int[]{2, 1}, new int[]{1, 2}, 3, Activation.TANH, true,
                        ConvolutionMode.Truncate)),
                Arguments.of(new Case(new int[]{2, 2}, new int[]{1, 2}, new int[]{0, 1}, 2, Activation.IDENTITY, false,
                        ConvolutionMode.Truncate)),
                Arguments.of(new Case(new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, 2, Activation.SIGMOID, true,
                        ConvolutionMode.Strict)),
                Arguments.of(new Case(new int[]{2, 3}, new int[]{1, 1}, new int[]{1, 0}, 2, Activation.RELU, false,
                        ConvolutionMode.Truncate)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameActivationsScoreAndGradientsAsDl4jConvolution(Case c) {
        ComputationGraph reference = graph(c, false, DataType.DOUBLE, new NoOp());
        ComputationGraph gemm = graph(c, true, DataType.DOUBLE, new NoOp());
        assertEquals(reference.params(), gemm.params(), "same seed must give the same parameters");
        assertTrue(gemm.getLayer("conv1") instanceof GemmConvolutionRuntime);
        assertTrue(((GemmConvolutionRuntime) gemm.getLayer("conv1")).handled());

        DataSet data = data(DataType.DOUBLE, c.channels());
        Map<String, INDArray> a = reference.feedForward(data.getFeatures(), true);
        Map<String, INDArray> b = gemm.feedForward(data.getFeatures(), true);
        for (String layer : new String[]{"conv1", "conv2", "output"}) {
            assertClose(a.get(layer), b.get(layer), 1e-12, "activations of " + layer);
        }
        reference.setInputs(data.getFeatures());
        reference.setLabels(data.getLabels());
        reference.computeGradientAndScore();
        gemm.setInputs(data.getFeatures());
        gemm.setLabels(data.getLabels());
        gemm.computeGradientAndScore();
        assertEquals(reference.score(), gemm.score(), 1e-12 * Math.abs(reference.score()));
        for (String key : reference.gradient().gradientForVariable().keySet()) {
            assertClose(reference.gradient().getGradientFor(key), gemm.gradient().getGradientFor(key), 1e-10,
                    "gradient of " + key);
        }
    }

    /** Behind DL4J's own convolution, whose activations are permuted views of its gemm output. */
    @Test
    void readsPermutedInputsCorrectly() {
        Case c = new Case(new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, 2, Activation.TANH, true,
                ConvolutionMode.Truncate);
        ComputationGraph reference = graph(c, false, DataType.DOUBLE, new NoOp());
        ComputationGraph mixed = graph(c, false, DataType.DOUBLE, new NoOp(), true);
        assertTrue(mixed.getLayer("conv2") instanceof GemmConvolutionRuntime);
        assertTrue(!(mixed.getLayer("conv1") instanceof GemmConvolutionRuntime));
        DataSet data = data(DataType.DOUBLE, c.channels());
        INDArray conv1 = reference.feedForward(data.getFeatures(), true).get("conv1");
        assertTrue(!java.util.Arrays.equals(conv1.stride(), Nd4j.getStrides(conv1.shape(), 'c')),
                "DL4J's convolution output is expected to be a permuted view; stride " + java.util.Arrays.toString(conv1.stride()));
        for (ComputationGraph g : new ComputationGraph[]{reference, mixed}) {
            g.setInputs(data.getFeatures());
            g.setLabels(data.getLabels());
            g.computeGradientAndScore();
        }
        assertEquals(reference.score(), mixed.score(), 1e-12 * Math.abs(reference.score()));
        assertClose(reference.gradient().gradient(), mixed.gradient().gradient(), 1e-10, "gradient");
    }

    /** TANH runs DL4J's activation on the kept z; RELU and IDENTITY are fused into the engine's passes. */
    @ParameterizedTest
    @CsvSource({"TANH", "RELU", "IDENTITY"})
    void gradientsMatchCentralDifferences(Activation activation) {
        Case c = new Case(new int[]{3, 2}, new int[]{2, 1}, new int[]{1, 1}, 2, activation, true,
                ConvolutionMode.Truncate);
        ComputationGraph g = graph(c, true, DataType.DOUBLE, new NoOp());
        DataSet data = data(DataType.DOUBLE, c.channels());
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[]{data.getFeatures()}).labels(new INDArray[]{data.getLabels()})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).exitOnFirstError(false));
        assertTrue(ok, "gradient check failed (see log)");
    }

    @Test
    void unsupportedConfigurationsRunDl4jsCode() {
        ConvolutionLayer.Builder same = new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same);
        ConvolutionLayer.Builder dilated = new ConvolutionLayer.Builder(2, 2).nOut(2).dilation(2, 2);
        for (ConvolutionLayer.Builder builder : new ConvolutionLayer.Builder[]{same, dilated}) {
            ComputationGraph g = single(new GemmConvolutionLayer(builder.activation(Activation.TANH)));
            ComputationGraph r = single(builder.build());
            assertEquals(r.params(), g.params());
            assertTrue(!((GemmConvolutionRuntime) g.getLayer("conv")).handled(), "must fall back");
            DataSet data = data(DataType.DOUBLE, 1);
            for (ComputationGraph net : new ComputationGraph[]{r, g}) {
                net.setInputs(data.getFeatures());
                net.setLabels(data.getLabels());
                net.computeGradientAndScore();
            }
            assertEquals(r.score(), g.score(), 0.0);
            assertEquals(r.gradient().gradient(), g.gradient().gradient());
        }
    }

    /** Ten Adam steps in float: the same trajectory as DL4J's layer up to float rounding. */
    @Test
    void trainsLikeDl4jConvolutionInFloat() {
        Case c = new Case(new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, 1, Activation.RELU, true,
                ConvolutionMode.Truncate);
        ComputationGraph reference = graph(c, false, DataType.FLOAT, new Adam(1e-2));
        ComputationGraph gemm = graph(c, true, DataType.FLOAT, new Adam(1e-2));
        DataSet data = data(DataType.FLOAT, 1);
        ConvLayerAsserts.assertTrainsLike(reference, gemm, data);
    }

    @Test
    void jsonKeepsTheLayerClassAndIsNotEqualToDl4jsLayer() {
        Case c = new Case(new int[]{3, 2}, new int[]{2, 1}, new int[]{1, 2}, 3, Activation.TANH, true,
                ConvolutionMode.Truncate);
        ComputationGraphConfiguration conf = graph(c, true, DataType.DOUBLE, new NoOp()).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        Layer layer = ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("conv1")).getLayerConf()
                .getLayer();
        assertSame(GemmConvolutionLayer.class, layer.getClass());
        ConvolutionLayer plain = new ConvolutionLayer.Builder(3, 3).nOut(2).build();
        GemmConvolutionLayer gemm = new GemmConvolutionLayer(new ConvolutionLayer.Builder(3, 3).nOut(2));
        assertNotEquals(plain, gemm);
        assertNotEquals(gemm, plain);
        assertEquals(gemm, gemm.clone());
    }

    private static ComputationGraph graph(Case c, boolean gemm, DataType type,
                                          org.nd4j.linalg.learning.config.IUpdater updater) {
        return graph(c, gemm, type, updater, gemm);
    }

    private static ComputationGraph graph(Case c, boolean gemm1, DataType type,
                                          org.nd4j.linalg.learning.config.IUpdater updater, boolean gemm2) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(type).updater(updater).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(9, 8, c.channels()))
                .addLayer("conv1", conv(c, 4, gemm1), "input")
                .addLayer("conv2", conv(c, 3, gemm2), "conv1")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "conv2")
                .setOutputs("output")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        if (!c.bias()) {
            return g;
        }
        Nd4j.getRandom().setSeed(3);                                   // non-zero biases
        for (String name : new String[]{"conv1", "conv2"}) {
            INDArray b = g.getLayer(name).getParam("b");
            b.assign(Nd4j.rand(b.dataType(), b.shape()).subi(0.5));
        }
        return g;
    }

    private static Layer conv(Case c, int nOut, boolean gemm) {
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(c.kernel()).stride(c.stride()).padding(c.padding())
                .nOut(nOut).activation(c.activation()).hasBias(c.bias()).convolutionMode(c.mode());
        return gemm ? new GemmConvolutionLayer(b) : b.build();
    }

    private static ComputationGraph single(Layer conv) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(9, 8, 1))
                .addLayer("conv", conv, "input")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("output").build());
        g.init();
        return g;
    }

    private static DataSet data(DataType type, int channels) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(type, 5, channels, 9, 8).subi(0.5);
        INDArray y = Nd4j.zeros(type, 5, 3);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(x, y);
    }
}
