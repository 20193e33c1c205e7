package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NeuralTuringMachineLayer;
import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.samediff.SameDiffTwinParamInitializer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Objects;

/**
 * Configuration of the Neural Turing Machine layer with a hand-written forward and backward pass
 * (Graves et al., "Neural Turing Machines", arXiv:1410.5401v2): the same model, parameters and
 * parameter order as the SameDiff {@link NeuralTuringMachineLayer}, but computed by
 * {@link NtmFastEpisode} in plain Java (no per-op dispatch). Runtime: {@link NtmFastLayerRuntime}.
 *
 * <p>Input {@code [b, inputWidth, steps]} (NCW), output the logits {@code [b, outputWidth, steps]}.
 *
 * <p><b>Deviations from the paper.</b> Exactly those of the SameDiff implementation
 * ({@link io.attendspark.models.ntm.NeuralTuringMachine}); the arithmetic is done in double even
 * in a float network (results are cast to the network's data type).
 */
public class NtmFastLayer extends BaseLayer implements SameDiffTwinParamInitializer.Twin {

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
    public NtmFastLayer() {
    }

    /** The layer of the architecture part of {@code c}. */
    public NtmFastLayer(NtmConfig c) {
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

    /** The SameDiff layer with the same architecture: the one home of parameter names, shapes and init. */
    @Override
    public NeuralTuringMachineLayer sameDiffTwin() {
        NeuralTuringMachineLayer l = new NeuralTuringMachineLayer();
        l.setInputWidth(inputWidth);
        l.setOutputWidth(outputWidth);
        l.setController(controller);
        l.setControllerSize(controllerSize);
        l.setMemoryRows(memoryRows);
        l.setMemoryWidth(memoryWidth);
        l.setReadHeads(readHeads);
        l.setWriteHeads(writeHeads);
        l.setShiftRange(shiftRange);
        l.setSteps(steps);
        l.setMemoryInit(memoryInit);
        l.setMemorySeed(memorySeed);
        return l;
    }

    /** The sizes of this layer. */
    NtmFastDims dims() {
        return new NtmFastDims(inputWidth, outputWidth, controller == NtmConfig.Controller.LSTM, controllerSize,
                memoryRows, memoryWidth, readHeads, writeHeads, shiftRange, steps, memoryInit, memorySeed);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return SameDiffTwinParamInitializer.wire(new NtmFastLayerRuntime(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return SameDiffTwinParamInitializer.getInstance();
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
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, NtmFastLayer.class, inputType, getOutputType(0, inputType))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
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
        if (!(o instanceof NtmFastLayer n) || !super.equals(o)) {
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
