package io.attendspark.models.draw;

import io.attendspark.models.draw.DrawConfig.Noise;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import java.util.Collection;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.Objects;

/**
 * The whole DRAW model (Gregor et al., arXiv:1502.04623v2) as one DL4J output layer: input the
 * binary image [mb, 1, H, W] (NCHW), score the negative variational bound L^x + L^z in nats per
 * image (mean over the batch), activations σ(c_T) [mb, H·W]. The labels DL4J passes along (digit
 * classes) are not used: {@link #labelsRequired()} is false and the target is the input itself.
 *
 * <p>The loss variable is Σ_batch (L^x + L^z) in the forward pass (DL4J divides the score by mb)
 * but has the gradient of the batch mean ({@link DrawNetwork#sumWithMeanGradient}), so score and
 * gradient agree. A SameDiff <em>output</em> layer computes its gradient directly from the loss,
 * without DL4J's external-errors hook, so it does not need the {@code ExternalErrorsGradientFix}
 * of hidden SameDiff layers (checked by {@code DrawGradCheckTest} against finite differences).
 *
 * <p>Noise: with {@link Noise#SAMPLED} the runtime layer ({@link DrawLayerRuntime}) appends fresh
 * ε ~ N(0, I) [mb, T·Z] from ND4J's global RNG to the flattened image each time DL4J sets the input,
 * so the score and the gradient of one {@code fit} step see the same ε, and
 * {@code Nd4j.getRandom().setSeed(s)} makes an evaluation repeatable. (SameDiff's in-graph random
 * op was tried first: in M2.1 its op context, with its RNG state, is cached per session, so every
 * call of the same graph drew the <em>same</em> ε, and it ignores {@code setSeed}.) With
 * {@link Noise#FIXED} ε_t is a constant of the graph (gradient checks).
 *
 * <p>Init: weights Xavier; biases 0 except the LSTM forget gates (1) and log δ̃ of both attention
 * heads ({@link DrawConfig#initialLogDelta()}).
 *
 * <p><b>Deviations from the paper.</b> Forget-gate bias 1 and the log δ̃ start (PAPERS.md: with
 * δ̃ = 1 the 2×2 read window sits on the empty border and training stalls at the mean image).
 */
public class DrawLayer extends SameDiffOutputLayer {

    private int height = 28;
    private int width = 28;
    private boolean attention = true;
    private int readN = 2;
    private int writeN = 5;
    private int encoderSize = 256;
    private int decoderSize = 256;
    private int latentSize = 100;
    private int steps = 10;
    private double learningRate = 1e-3;
    private double gradientClip = 100;
    private double initialLogDelta = -0.7;
    private Noise noise = Noise.SAMPLED;
    private long seed = 42;

    /** No-arg constructor for JSON. */
    public DrawLayer() {
        // all fields have defaults
    }

    /** The layer for {@code c}. */
    public DrawLayer(DrawConfig c) {
        this();
        height = c.height();
        width = c.width();
        attention = c.attention();
        readN = c.readN();
        writeN = c.writeN();
        encoderSize = c.encoderSize();
        decoderSize = c.decoderSize();
        latentSize = c.latentSize();
        steps = c.steps();
        learningRate = c.learningRate();
        gradientClip = c.gradientClip();
        initialLogDelta = c.initialLogDelta();
        noise = c.noise();
        seed = c.seed();
    }

    /** The configuration this layer was built from. */
    public DrawConfig toConfig() {
        return new DrawConfig(height, width, attention, readN, writeN, encoderSize, decoderSize, latentSize, steps,
                learningRate, gradientClip, initialLogDelta, noise, seed);
    }

    DrawNetwork network() {
        return new DrawNetwork(toConfig());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray paramsView, boolean initializeParams,
                                                       DataType networkDataType) {
        DrawLayerRuntime ret = new DrawLayerRuntime(conf, networkDataType);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(paramsView);
        ret.setParamTable(initializer().init(conf, paramsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    @Override
    public boolean labelsRequired() {
        return false;
    }

    @Override
    public String activationsVertexName() {
        return "canvas";
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward((long) height * width);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c) || c.getFormat() != CNN2DFormat.NCHW
                || c.getChannels() != 1 || c.getHeight() != height || c.getWidth() != width) {
            throw new IllegalArgumentException("draw input must be InputType.convolutional(" + height + ", " + width
                    + ", 1) NCHW but was " + inputType);
        }
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        DrawNetwork net = network();
        net.weightShapes().forEach(params::addWeightParam);
        net.biasShapes().forEach(params::addBiasParam);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInit init = WeightInit.XAVIER;
        for (String w : network().weightShapes().keySet()) {
            INDArray v = params.get(w);
            WeightInitUtil.initWeights(v.size(0), v.size(1), v.shape(), init, null, 'c', v);
        }
        for (String b : network().biasShapes().keySet()) {
            params.get(b).assign(0);
        }
        params.get(DrawNetwork.ENC_B).get(NDArrayIndex.interval(encoderSize, 2L * encoderSize)).assign(1.0);
        params.get(DrawNetwork.DEC_B).get(NDArrayIndex.interval(decoderSize, 2L * decoderSize)).assign(1.0);
        if (attention) {
            INDArray headB = params.get(DrawNetwork.HEAD_B);
            headB.putScalar(3, initialLogDelta);                  // write head log δ̃
            headB.putScalar(8, initialLogDelta);                  // read head log δ̃
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, SDVariable labels, Map<String, SDVariable> p) {
        if (labels == null && !sd.hasVariable("labels")) {
            // DL4J's backprop passes the DataSet labels as placeholder "labels" even when labelsRequired() is
            // false, and SameDiff rejects unknown placeholders: declare one that nothing uses
            sd.placeHolder("labels", layerInput.dataType(), -1, -1);
        }
        long pixels = (long) height * width;
        SDVariable x = sd.slice(layerInput, new int[]{0, 0}, -1, (int) pixels);           // [mb, H·W]
        SDVariable eps = noise == Noise.SAMPLED
                ? sd.slice(layerInput, new int[]{0, (int) pixels}, -1, steps * latentSize) : null; // [mb, T·Z]
        DrawNetwork.Outputs out = network().define(sd, x, eps, p);
        SDVariable loss = DrawNetwork.sumWithMeanGradient(sd, "loss", out.reconstruction().add(out.kl())); // Σ_mb
        sd.setLossVariables(loss);                                  // DL4J's output-layer path does not set it
        return loss;
    }

    // ---- getters / setters (JSON) ----

    public int getHeight() { return height; }
    public void setHeight(int height) { this.height = height; }
    public int getWidth() { return width; }
    public void setWidth(int width) { this.width = width; }
    public boolean isAttention() { return attention; }
    public void setAttention(boolean attention) { this.attention = attention; }
    public int getReadN() { return readN; }
    public void setReadN(int readN) { this.readN = readN; }
    public int getWriteN() { return writeN; }
    public void setWriteN(int writeN) { this.writeN = writeN; }
    public int getEncoderSize() { return encoderSize; }
    public void setEncoderSize(int encoderSize) { this.encoderSize = encoderSize; }
    public int getDecoderSize() { return decoderSize; }
    public void setDecoderSize(int decoderSize) { this.decoderSize = decoderSize; }
    public int getLatentSize() { return latentSize; }
    public void setLatentSize(int latentSize) { this.latentSize = latentSize; }
    public int getSteps() { return steps; }
    public void setSteps(int steps) { this.steps = steps; }
    public double getLearningRate() { return learningRate; }
    public void setLearningRate(double learningRate) { this.learningRate = learningRate; }
    public double getGradientClip() { return gradientClip; }
    public void setGradientClip(double gradientClip) { this.gradientClip = gradientClip; }
    public double getInitialLogDelta() { return initialLogDelta; }
    public void setInitialLogDelta(double initialLogDelta) { this.initialLogDelta = initialLogDelta; }
    public Noise getNoise() { return noise; }
    public void setNoise(Noise noise) { this.noise = noise; }
    public long getSeed() { return seed; }
    public void setSeed(long seed) { this.seed = seed; }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DrawLayer l) || !super.equals(o)) {
            return false;
        }
        return toConfig().equals(l.toConfig());
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), toConfig());
    }
}
