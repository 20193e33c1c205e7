package io.attendspark.models.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.attendspark.models.conv.ConvLayerAsserts.assertClose;

import io.attendspark.models.samediff.DoublePrecision;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link ConvReluPoolLayer} against DL4J's own layers it replaces, a relu {@link ConvolutionLayer}
 * followed by a 2×2 stride-2 max {@link SubsamplingLayer}, with a second convolution after it (so
 * the fused layer's input gradient is checked through the first one's) and a softmax layer, same
 * seed, in double: same parameters, activations, score and gradients, for even and odd map sizes,
 * strides, padding and no bias. Plus finite differences, float training, batch-size changes, JSON and
 * the configurations it refuses.
 */
@ExtendWith(DoublePrecision.class)
class ConvReluPoolLayerTest {

    /** Input size and channels, first convolution's kernel, stride, padding, bias. */
    record Case(int h, int w, int channels, int[] kernel, int[] stride, int[] padding, boolean bias) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new Case(12, 12, 1, new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, true)),   // 10x10 -> 5x5
                Arguments.of(new Case(12, 11, 2, new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, true)),   // 10x9: odd column dropped
                Arguments.of(new Case(13, 12, 1, new int[]{3, 2}, new int[]{2, 1}, new int[]{1, 1}, true)),   // stride, padding
                Arguments.of(new Case(12, 12, 3, new int[]{2, 3}, new int[]{1, 1}, new int[]{1, 0}, false)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameActivationsScoreAndGradientsAsDl4jConvolutionAndPooling(Case c) {
        ComputationGraph reference = graph(c, false, DataType.DOUBLE, new NoOp());
        ComputationGraph fused = graph(c, true, DataType.DOUBLE, new NoOp());
        assertEquals(reference.params(), fused.params(), "same seed must give the same parameters");
        assertTrue(fused.getLayer("conv1") instanceof ConvReluPoolRuntime);
        for (int batch : new int[]{5, 5, 2}) {                      // reuses the engine's scratch, then rebuilds it
            DataSet data = data(DataType.DOUBLE, c, batch);
            Map<String, INDArray> a = reference.feedForward(data.getFeatures(), true);
            Map<String, INDArray> b = fused.feedForward(data.getFeatures(), true);
            assertClose(a.get("pool1"), b.get("conv1"), 1e-12, "pooled activations");
            assertTrue(b.get("conv1").maxNumber().doubleValue() > 0 && b.get("conv1").minNumber().doubleValue() == 0,
                    "the case must have both sides of the relu");
            assertClose(a.get("output"), b.get("output"), 1e-12, "outputs");
            for (ComputationGraph g : new ComputationGraph[]{reference, fused}) {
                g.setInputs(data.getFeatures());
                g.setLabels(data.getLabels());
                g.computeGradientAndScore();
            }
            assertEquals(reference.score(), fused.score(), 1e-12 * Math.abs(reference.score()));
            for (String key : reference.gradient().gradientForVariable().keySet()) {
                assertClose(reference.gradient().getGradientFor(key), fused.gradient().getGradientFor(key), 1e-10,
                        "gradient of " + key + " (batch " + batch + ")");
            }
        }
    }

    /** A CNN mask is reduced as DL4J's convolution and pooling layers reduce it (masked global average after). */
    @Test
    void masksAreReducedAsByTheConvolutionAndThePooling() {
        Case c = new Case(12, 12, 1, new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, true);
        ComputationGraph[] nets = {masked(c, false), masked(c, true)};
        assertEquals(nets[0].params(), nets[1].params());
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 12, 12).subi(0.5);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, 1, 12, 12);
        mask.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(6, 12), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .assign(0);                                                // image 1: lower half masked out
        INDArray[] out = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            out[i] = nets[i].output(false, new INDArray[]{x}, new INDArray[]{mask})[0];
        }
        INDArray unmasked = nets[1].output(false, new INDArray[]{x}, null)[0];
        assertClose(out[0], out[1], 1e-12, "masked outputs");
        assertTrue(out[1].getRow(1).sub(unmasked.getRow(1)).amaxNumber().doubleValue() > 1e-6,
                "the mask must change image 1's output");
    }

    @Test
    void gradientsMatchCentralDifferences() {
        for (Case c : new Case[]{
                new Case(9, 8, 2, new int[]{3, 2}, new int[]{1, 1}, new int[]{1, 1}, true),
                new Case(9, 9, 1, new int[]{2, 2}, new int[]{2, 1}, new int[]{0, 0}, false)}) {
            ComputationGraph g = graph(c, true, DataType.DOUBLE, new NoOp());
            DataSet data = data(DataType.DOUBLE, c, 4);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[]{data.getFeatures()}).labels(new INDArray[]{data.getLabels()})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).exitOnFirstError(false));
            assertTrue(ok, "gradient check failed for " + c + " (see log)");
        }
    }

    /** Ten Adam steps in float: the same trajectory as DL4J's two layers up to float rounding. */
    @Test
    void trainsLikeDl4jConvolutionAndPoolingInFloat() {
        Case c = new Case(12, 12, 1, new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, true);
        ComputationGraph reference = graph(c, false, DataType.FLOAT, new Adam(1e-2));
        ComputationGraph fused = graph(c, true, DataType.FLOAT, new Adam(1e-2));
        DataSet data = data(DataType.FLOAT, c, 5);
        ConvLayerAsserts.assertTrainsLike(reference, fused, data);
    }

    @Test
    void jsonKeepsTheLayerClassAndIsNotEqualToDl4jsLayer() {
        Case c = new Case(12, 11, 2, new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, true);
        ComputationGraphConfiguration conf = graph(c, true, DataType.DOUBLE, new NoOp()).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        Layer layer = ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("conv1")).getLayerConf()
                .getLayer();
        assertSame(ConvReluPoolLayer.class, layer.getClass());
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU);
        ConvReluPoolLayer fused = new ConvReluPoolLayer(b);
        assertNotEquals(b.build(), fused);
        assertNotEquals(fused, b.build());
        assertNotEquals(new GemmConvolutionLayer(b), fused);
        assertEquals(fused, fused.clone());
    }

    @Test
    void refusesWhatItDoesNotCompute() {
        String tanh = assertThrows(IllegalArgumentException.class, () -> new ConvReluPoolLayer(
                new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH))).getMessage();
        assertTrue(tanh.contains("relu") && tanh.contains("tanh"), tanh);
        String dilated = assertThrows(IllegalArgumentException.class, () -> new ConvReluPoolLayer(
                new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).dilation(2, 2))).getMessage();
        assertTrue(dilated.contains("dilation"), dilated);
        String nhwc = assertThrows(IllegalArgumentException.class, () -> new ConvReluPoolLayer(
                new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).dataFormat(CNN2DFormat.NHWC)))
                .getMessage();
        assertTrue(nhwc.contains("NCHW"), nhwc);
        String same = assertThrows(IllegalArgumentException.class, () -> new ConvReluPoolLayer(
                new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU)
                        .convolutionMode(ConvolutionMode.Same))).getMessage();
        assertTrue(same.contains("Same"), same);
    }

    private static ComputationGraph graph(Case c, boolean fused, DataType type, IUpdater updater) {
        ConvolutionLayer.Builder conv1 = new ConvolutionLayer.Builder(c.kernel()).stride(c.stride())
                .padding(c.padding()).nOut(4).activation(Activation.RELU).hasBias(c.bias());
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(type).updater(updater).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(c.h(), c.w(), c.channels()));
        String previous;
        if (fused) {
            g.addLayer("conv1", new ConvReluPoolLayer(conv1), "input");
            previous = "conv1";
        } else {
            g.addLayer("conv1", conv1.build(), "input")
                    .addLayer("pool1", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                            .build(), "conv1");
            previous = "pool1";
        }
        g.addLayer("conv2", new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(), previous)
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "conv2")
                .setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        if (c.bias()) {
            Nd4j.getRandom().setSeed(3);                                   // non-zero biases
            INDArray b = net.getLayer("conv1").getParam("b");
            b.assign(Nd4j.rand(b.dataType(), b.shape()).subi(0.5));
        }
        return net;
    }

    /** conv1 (fused, or DL4J's conv + max pool) → masked global average pooling → softmax. */
    private static ComputationGraph masked(Case c, boolean fused) {
        ConvolutionLayer.Builder conv1 = new ConvolutionLayer.Builder(c.kernel()).nOut(4).activation(Activation.RELU);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(c.h(), c.w(), c.channels()));
        if (fused) {
            g.addLayer("conv1", new ConvReluPoolLayer(conv1), "input");
        } else {
            g.addLayer("conv1", conv1.build(), "input").addLayer("pool1", new SubsamplingLayer.Builder(PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2).build(), "conv1");
        }
        g.addLayer("avg", new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(PoolingType.AVG).build(),
                        fused ? "conv1" : "pool1")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "avg")
                .setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static DataSet data(DataType type, Case c, int batch) {
        Nd4j.getRandom().setSeed(11 + batch);
        INDArray x = Nd4j.rand(type, batch, c.channels(), c.h(), c.w()).subi(0.5);
        INDArray y = Nd4j.zeros(type, batch, 3);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(x, y);
    }
}
