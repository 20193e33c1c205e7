package io.attendspark.models.stn;

import io.attendspark.models.samediff.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole-layer gradient check of {@link SpatialTransformerLayer} (localisation net + eq. (1) +
 * eqs. (3)–(5)) inside a tiny ComputationGraph, through DL4J's GradientCheckUtil: double
 * precision, NoOp updater. The θ regression layer is moved off the identity (random small weights,
 * perturbed bias) so that gradients reach the whole localisation net and the sampler works off the
 * pixel grid (where the bilinear kernel has kinks).
 */
@ExtendWith(DoublePrecision.class)
class SpatialTransformerLayerGradCheckTest {

    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-4;
    private static final double MIN_ABS_ERROR = 1e-8;

    @Test
    void layerGradientsMatchCentralDifferences() {
        // 10x10 is the smallest input for kernel 3 (two valid convs and two 2x2 pools leave 1x1)
        int h = 10, w = 10, classes = 3, mb = 3;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(h, w, 2))
                .addLayer("st", SpatialTransformerLayer.builder().locFilters(3).locKernel(3).locHidden(4)
                        .outputSize(6, 7).background(0.2).weightInit(WeightInit.XAVIER).build(), "input")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "st")
                .setOutputs("output")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();

        Nd4j.getRandom().setSeed(99);
        Layer st = graph.getLayer("st");
        st.getParam("locThetaW").assign(Nd4j.randn(DataType.DOUBLE, 4, 6).muli(0.05));
        st.getParam("locThetab").assign(Nd4j.create(new double[]{0.93, 0.11, 0.037, -0.08, 1.07, -0.053}));
        st.getParam("locDenseb").assign(0.1);                           // keep the hidden relus mostly alive

        INDArray input = Nd4j.rand(DataType.DOUBLE, mb, 2, h, w);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, mb, classes);
        for (int i = 0; i < mb; i++) {
            labels.putScalar(i, i % classes, 1.0);
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[]{input}).labels(new INDArray[]{labels})
                .epsilon(EPS).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .exitOnFirstError(false));
        assertTrue(ok, "whole-layer gradient check failed (see log)");
    }

    /**
     * The layer between two conv layers: the first conv's gradients depend on the epsilon the
     * transformer passes back (w.r.t. its input feature map), so this also checks that path.
     */
    @Test
    void betweenTwoConvLayersTheWholeGraphChecks() {
        int h = 12, w = 12, classes = 3, mb = 2;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(777)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(h, w, 1))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH).build(), "input")
                .addLayer("st", SpatialTransformerLayer.builder().locFilters(2).locKernel(3).locHidden(3)
                        .weightInit(WeightInit.XAVIER).build(), "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH).build(), "st")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "conv2")
                .setOutputs("output")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();

        Nd4j.getRandom().setSeed(5);
        Layer st = graph.getLayer("st");
        st.getParam("locThetaW").assign(Nd4j.randn(DataType.DOUBLE, 3, 6).muli(0.05));
        st.getParam("locThetab").assign(Nd4j.create(new double[]{0.9, -0.13, 0.041, 0.07, 1.05, -0.067}));
        st.getParam("locDenseb").assign(0.1);

        INDArray input = Nd4j.rand(DataType.DOUBLE, mb, 1, h, w);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, mb, classes);
        for (int i = 0; i < mb; i++) {
            labels.putScalar(i, (i + 1) % classes, 1.0);
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[]{input}).labels(new INDArray[]{labels})
                .epsilon(EPS).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .exitOnFirstError(false));
        assertTrue(ok, "gradient check of conv -> spatial transformer -> conv failed (see log)");
    }

    /**
     * At the identity start every sample sits exactly on a pixel centre, where |x − m| has a kink.
     * The gradient w.r.t. θ must still be non-zero there, or the transformer never leaves the
     * identity (it did not, with abs/relu sub-gradients of 0).
     */
    @Test
    void thetaGetsAGradientAtTheIdentityStart() {
        StnModelConfig config = new StnModelConfig(StnModelConfig.Architecture.ST_CNN, 28, 28, 1, 10, 4, 6, 5, 16,
                1e-3, 0.1, StnModelConfig.Optimizer.ADAM, 0.9, 3).withSize(28, 28);
        ComputationGraph graph = StnModels.build(config);
        Nd4j.getRandom().setSeed(11);
        INDArray input = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 10);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i, 1f);
        }
        graph.setInputs(input);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        INDArray thetaBias = graph.gradient().getGradientFor("st_locThetab");
        INDArray thetaWeights = graph.gradient().getGradientFor("st_locThetaW");
        assertTrue(thetaBias.norm2Number().doubleValue() > 1e-6, "d loss / d theta bias at identity: " + thetaBias);
        assertTrue(thetaWeights.norm2Number().doubleValue() > 1e-6, "d loss / d theta weights at identity");
    }
}
