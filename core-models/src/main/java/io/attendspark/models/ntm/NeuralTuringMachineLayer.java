package io.attendspark.models.ntm;

import io.attendspark.models.samediff.ExternalErrorsGradientFix;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Objects;

/**
 * A Neural Turing Machine (Graves et al., "Neural Turing Machines", arXiv:1410.5401v2) as a DL4J
 * layer: input {@code InputType.recurrent(inputWidth, steps)} (NCW), output the logits
 * {@code InputType.recurrent(outputWidth, steps)}; put an {@code RnnLossLayer} (sigmoid, binary
 * cross-entropy) after it. The recurrence itself is {@link NeuralTuringMachine#unroll}.
 *
 * <p>Parameters (all in DL4J's parameter table, so parameter averaging sees the whole state):
 * controller {@code ctrlWx [in, G]}, {@code ctrlWh [R·M (+H), G]}, {@code ctrlb [G]}; all heads'
 * outputs {@code headW [H, (R+W)·P + 2·W·M]}, {@code headb}; output {@code outW [H + R·M, out]},
 * {@code outb}; initial reads {@code readInit [1, R·M]}; initial weighting logits
 * {@code weightingInit [1, (R+W)·N]}; with LEARNED memory also {@code memoryInit [1, N·M]}.
 * Weights use Xavier init, biases 0 except the LSTM forget gate (1); {@code readInit} ~ N(0, 0.01²);
 * {@code weightingInit} is 0 at location 0 and −10 elsewhere (each head starts focused on row 0, so
 * location-based iteration can start there and the rows are not all symmetric).
 *
 * <p>The sequence length is fixed ({@code steps}) because the graph is unrolled; the feature mask
 * is ignored (the model is causal, so trailing padding does not change earlier outputs).
 *
 * <p><b>Deviations from the paper.</b> See {@link NeuralTuringMachine}, {@link NtmAddressing},
 * {@link NtmController}. The output passes through {@link ExternalErrorsGradientFix}, which undoes
 * DL4J 1.0.0-M2.1's doubling of SameDiff-layer gradients (forward value unchanged).
 */
public class NeuralTuringMachineLayer extends SameDiffLayer {

    static final String CTRL_WX = "ctrlWx", CTRL_WH = "ctrlWh", CTRL_B = "ctrlb";
    static final String HEAD_W = "headW", HEAD_B = "headb", OUT_W = "outW", OUT_B = "outb";
    static final String READ_INIT = "readInit", WEIGHTING_INIT = "weightingInit", MEMORY_INIT = "memoryInit";
    /** Initial weighting logit of the locations other than 0. */
    static final double OFF_FOCUS_LOGIT = -10.0;

    private int inputWidth;
    private int outputWidth;
    private NtmConfig.Controller controller = NtmConfig.Controller.LSTM;
    private int controllerSize;
    private int memoryRows;
    private int memoryWidth;
    private int readHeads;
    private int writeHeads;
    private int shiftRange;
    private int steps;
    private NtmConfig.MemoryInit memoryInit = NtmConfig.MemoryInit.CONSTANT;
    private long memorySeed;

    /** No-arg constructor for JSON. */
    public NeuralTuringMachineLayer() {
        this.weightInit = WeightInit.XAVIER;
    }

    /** The layer of the architecture part of {@code c}. */
    public NeuralTuringMachineLayer(NtmConfig c) {
        this();
        inputWidth = c.inputWidth();
        outputWidth = c.outputWidth();
        controller = c.controller();
        controllerSize = c.controllerSize();
        memoryRows = c.memoryRows();
        memoryWidth = c.memoryWidth();
        readHeads = c.readHeads();
        writeHeads = c.writeHeads();
        shiftRange = c.shiftRange();
        steps = c.steps();
        memoryInit = c.memoryInit();
        memorySeed = c.seed();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(outputWidth, steps, RNNFormat.NCW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeRecurrent rnn)) {
            throw new IllegalArgumentException("ntm input must be InputType.recurrent(inputWidth, steps) but was "
                    + inputType);
        }
        if (rnn.getSize() != inputWidth) {
            throw new IllegalArgumentException("ntm input size must be inputWidth = " + inputWidth + " but was "
                    + rnn.getSize());
        }
        if (rnn.getTimeSeriesLength() > 0 && rnn.getTimeSeriesLength() != steps) {
            throw new IllegalArgumentException("ntm input length must be steps = " + steps + " but was "
                    + rnn.getTimeSeriesLength());
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    @Override
    public void validateInput(INDArray input) {
        if (input.rank() != 3 || input.size(1) != inputWidth || input.size(2) != steps) {
            throw new IllegalArgumentException("ntm input must be [batch, " + inputWidth + ", " + steps
                    + "] but was " + java.util.Arrays.toString(input.shape()));
        }
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        int heads = readHeads + writeHeads;
        int gates = NtmController.gateWidth(controller, controllerSize);
        int readWidth = readHeads * memoryWidth;
        params.addWeightParam(CTRL_WX, inputWidth, gates);
        params.addWeightParam(CTRL_WH, NtmController.recurrentInputs(controller, controllerSize, readWidth), gates);
        params.addWeightParam(HEAD_W, controllerSize, headOutputs());
        params.addWeightParam(OUT_W, controllerSize + readWidth, outputWidth);
        params.addBiasParam(CTRL_B, 1, gates);
        params.addBiasParam(HEAD_B, 1, headOutputs());
        params.addBiasParam(OUT_B, 1, outputWidth);
        params.addBiasParam(READ_INIT, 1, readWidth);
        params.addBiasParam(WEIGHTING_INIT, 1, (long) heads * memoryRows);
        if (memoryInit == NtmConfig.MemoryInit.LEARNED) {
            params.addBiasParam(MEMORY_INIT, 1, (long) memoryRows * memoryWidth);
        }
    }

    /** Columns of the head matmul: (R+W)·(M + 3 + 2S+1) addressing outputs and 2·W·M erase/add. */
    int headOutputs() {
        return (readHeads + writeHeads) * NtmAddressing.paramsPerHead(memoryWidth, 2 * shiftRange + 1)
                + 2 * writeHeads * memoryWidth;
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInit init = weightInit == null ? WeightInit.XAVIER : weightInit;
        for (String name : new String[]{CTRL_WX, CTRL_WH, HEAD_W, OUT_W}) {
            INDArray v = params.get(name);
            WeightInitUtil.initWeights(v.size(0), v.size(1), v.shape(), init, null, 'c', v);
        }
        params.get(CTRL_B).assign(0);
        if (controller == NtmConfig.Controller.LSTM) {                    // gates [i, f, o, g]: forget bias 1
            params.get(CTRL_B).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(controllerSize, 2 * controllerSize)).assign(1);
        }
        params.get(HEAD_B).assign(0);
        params.get(OUT_B).assign(0);
        INDArray reads = params.get(READ_INIT);
        reads.assign(Nd4j.randn(reads.dataType(), reads.shape()).muli(0.01));
        INDArray logits = params.get(WEIGHTING_INIT).assign(OFF_FOCUS_LOGIT);        // [1, H·N]
        for (int h = 0; h < readHeads + writeHeads; h++) {
            logits.putScalar(0, (long) h * memoryRows, 0.0);
        }
        if (memoryInit == NtmConfig.MemoryInit.LEARNED) {
            INDArray mem = params.get(MEMORY_INIT);
            mem.assign(NeuralTuringMachine.randomMemory(memorySeed, mem.length(), mem.dataType()));
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable logits = NeuralTuringMachine.unroll(sd, layerInput, p, this, false).logits();     // [b, out, T]
        return ExternalErrorsGradientFix.apply(sd, "ntmLogits", logits);
    }

    // ---- getters / setters (JSON) ----

    public int getInputWidth() { return inputWidth; }
    public void setInputWidth(int v) { inputWidth = v; }
    public int getOutputWidth() { return outputWidth; }
    public void setOutputWidth(int v) { outputWidth = v; }
    public NtmConfig.Controller getController() { return controller; }
    public void setController(NtmConfig.Controller v) { controller = v; }
    public int getControllerSize() { return controllerSize; }
    public void setControllerSize(int v) { controllerSize = v; }
    public int getMemoryRows() { return memoryRows; }
    public void setMemoryRows(int v) { memoryRows = v; }
    public int getMemoryWidth() { return memoryWidth; }
    public void setMemoryWidth(int v) { memoryWidth = v; }
    public int getReadHeads() { return readHeads; }
    public void setReadHeads(int v) { readHeads = v; }
    public int getWriteHeads() { return writeHeads; }
    public void setWriteHeads(int v) { writeHeads = v; }
    public int getShiftRange() { return shiftRange; }
    public void setShiftRange(int v) { shiftRange = v; }
    public int getSteps() { return steps; }
    public void setSteps(int v) { steps = v; }
    public NtmConfig.MemoryInit getMemoryInit() { return memoryInit; }
    public void setMemoryInit(NtmConfig.MemoryInit v) { memoryInit = v; }
    public long getMemorySeed() { return memorySeed; }
    public void setMemorySeed(long v) { memorySeed = v; }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NeuralTuringMachineLayer n) || !super.equals(o)) {
            return false;
        }
        return inputWidth == n.inputWidth && outputWidth == n.outputWidth && controller == n.controller
                && controllerSize == n.controllerSize && memoryRows == n.memoryRows && memoryWidth == n.memoryWidth
                && readHeads == n.readHeads && writeHeads == n.writeHeads && shiftRange == n.shiftRange
                && steps == n.steps && memoryInit == n.memoryInit && memorySeed == n.memorySeed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inputWidth, outputWidth, controller, controllerSize, memoryRows,
                memoryWidth, readHeads, writeHeads, shiftRange, steps, memoryInit, memorySeed);
    }
}
