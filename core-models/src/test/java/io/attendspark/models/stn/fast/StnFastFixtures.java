package io.attendspark.models.stn.fast;

import io.attendspark.models.stn.SpatialTransformerLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small graphs with a spatial transformer ({@link SpatialTransformerFastLayer} or the SameDiff
 * {@link SpatialTransformerLayer}, otherwise identical), θ off the identity, data and comparisons for
 * the fast-layer tests.
 */
final class StnFastFixtures {

    static final int CLASSES = 3;

    /** θ bias: scale 1.15, rotation 0.3 rad, translation (0.21, −0.17): some samples fall outside the image. */
    static final double[] ROTATE_SCALE_SHIFT = {1.15 * Math.cos(0.3), -1.15 * Math.sin(0.3), 0.21,
            1.15 * Math.sin(0.3), 1.15 * Math.cos(0.3), -0.17};

    private StnFastFixtures() {
    }

    /**
     * One test configuration.
     *
     * @param channels   input channels of the transformer
     * @param height     input height of the graph
     * @param width      input width of the graph
     * @param outH       transformer output height (0 = its input size)
     * @param outW       transformer output width
     * @param background value outside the image
     * @param convBefore a 3×3 conv (tanh) before the transformer, so that its input gradient reaches parameters
     */
    record Setup(int channels, int height, int width, int outH, int outW, double background, boolean convBefore) {
        int stHeight() {
            return convBefore ? height - 2 : height;
        }

        int stWidth() {
            return convBefore ? width - 2 : width;
        }

        @Override
        public String toString() {
            return channels + "x" + height + "x" + width + " -> " + outH + "x" + outW + ", background " + background
                    + (convBefore ? ", conv before" : "");
        }
    }

    /** input → (conv0) → st (loc net 3 filters 3×3, hidden 4) → softmax output; seed 123, data type of ND4J's default. */
    static ComputationGraph graph(Setup s, boolean fast, IUpdater updater, IUpdater stUpdater) {
        int stChannels = s.channels();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(123)
                .dataType(Nd4j.defaultFloatingPointType())
                .updater(updater == null ? new NoOp() : updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(s.height(), s.width(), s.convBefore() ? 2 : s.channels()));
        String previous = "input";
        if (s.convBefore()) {
            g.addLayer("conv0", new ConvolutionLayer.Builder(3, 3).nOut(stChannels).activation(Activation.TANH)
                    .build(), "input");
            previous = "conv0";
        }
        org.deeplearning4j.nn.conf.layers.Layer st;
        if (fast) {
            SpatialTransformerFastLayer.Builder b = SpatialTransformerFastLayer.builder().locFilters(3).locKernel(3)
                    .locHidden(4).outputSize(s.outH(), s.outW()).background(s.background());
            st = (stUpdater == null ? b : b.updater(stUpdater)).build();
        } else {
            SpatialTransformerLayer.Builder b = SpatialTransformerLayer.builder().locFilters(3).locKernel(3)
                    .locHidden(4).outputSize(s.outH(), s.outW()).background(s.background());
            st = (stUpdater == null ? b : b.updater(stUpdater)).build();
        }
        g.addLayer("st", st, previous)
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "st")
                .setOutputs("output");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /**
     * Moves the transformer off its identity start: θ bias {@link #ROTATE_SCALE_SHIFT}, small random θ
     * weights (θ depends on the image, so gradients reach the whole loc net), small hidden dense
     * weights and positive loc biases (relus mostly alive), conv weights jittered.
     */
    static void moveOffIdentity(ComputationGraph g, long seed) {
        Nd4j.getRandom().setSeed(seed);
        Layer st = g.getLayer("st");
        DataType t = st.params().dataType();
        for (String k : new String[]{"locConv1W", "locConv2W"}) {
            INDArray p = st.getParam(k);
            p.addi(Nd4j.randn(t, p.shape()).muli(0.05));
        }
        INDArray w3 = st.getParam("locDenseW");
        w3.assign(Nd4j.randn(t, w3.shape()).muli(0.3));
        st.getParam("locConv1b").assign(0.1);
        st.getParam("locConv2b").assign(0.1);
        st.getParam("locDenseb").assign(0.5);
        INDArray w4 = st.getParam("locThetaW");
        w4.assign(Nd4j.randn(t, w4.shape()).muli(0.05));
        st.getParam("locThetab").assign(Nd4j.create(ROTATE_SCALE_SHIFT).castTo(t));
    }

    /** Images [n, c, h, w] in [0, 1) of the default data type; {@code digitLike}: zero outside a central blob. */
    static INDArray images(long seed, int n, int c, int h, int w, boolean digitLike) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(Nd4j.defaultFloatingPointType(), n, c, h, w);
        if (digitLike) {
            INDArray mask = Nd4j.zeros(x.dataType(), n, c, h, w);
            mask.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(h / 3, h - h / 3),
                    NDArrayIndex.interval(w / 4, w - w / 3)).assign(1);
            x.muli(mask);
        }
        return x;
    }

    /** One-hot labels [n, CLASSES]. */
    static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(Nd4j.defaultFloatingPointType(), n, CLASSES);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (2 * i + 1) % CLASSES, 1.0);
        }
        return y;
    }

    static double maxAbs(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /** Largest |a − b| / max(|a|, floor) over all elements. */
    static double maxRel(INDArray a, INDArray b, double floor) {
        double[] u = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] v = b.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double worst = 0;
        for (int i = 0; i < u.length; i++) {
            worst = Math.max(worst, Math.abs(u[i] - v[i]) / Math.max(Math.abs(u[i]), floor));
        }
        return worst;
    }

    /** Per-parameter "name maxAbsDiff/max|a|" of two flat gradients of graph {@code g}'s layout. */
    static String perParam(ComputationGraph g, INDArray a, INDArray b) {
        StringBuilder sb = new StringBuilder();
        long off = 0;
        for (var e : g.paramTable().entrySet()) {
            long len = e.getValue().length();
            INDArray u = a.get(NDArrayIndex.interval(off, off + len));
            INDArray v = b.get(NDArrayIndex.interval(off, off + len));
            sb.append(String.format("%s %.3g/%.3g; ", e.getKey(), maxAbs(u, v), u.amaxNumber().doubleValue()));
            off += len;
        }
        return sb.toString();
    }
}
