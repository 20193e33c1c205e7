package io.attendspark.models.ntm;

import java.io.Serializable;

/**
 * Configuration of a Neural Turing Machine (Graves, Wayne, Danihelka, "Neural Turing Machines",
 * arXiv:1410.5401v2) unrolled over {@code steps} time steps. Built by {@link NtmModels#build}.
 *
 * <p>Defaults ({@link #defaults()}) are the paper's copy-task sizes: 8-bit vectors plus a delimiter
 * channel (input 9, output 8), an LSTM controller of 100 units, a 128 × 20 memory, one read and one
 * write head, shifts {−1, 0, +1}, and 41 steps (a length-20 sequence, the delimiter and the 20-step
 * answer).
 *
 * <p><b>Deviations from the paper.</b> Optimiser: Adam at 1e-3 with the gradient's L2 norm clipped to 50 (Collier &amp; Beel 2018)
 * rather than the paper's RMSProp 1e-4 with momentum 0.9: DL4J's {@code RmsProp} has no momentum
 * term (Graves' variant), and Adam with norm clipping is the recipe that converged reliably in the
 * re-implementation study. All trainable parameters live in one DL4J layer, so DL4J's per-layer L2
 * clipping ({@link Clipping#L2_PER_LAYER}) is the global-norm clip. {@link Optimizer#RMSPROP} with
 * {@link Clipping#ELEMENTWISE} 10 is available for the paper's recipe without momentum (DL4J
 * {@code RmsProp}, decay 0.95, ε 1e-8).
 *
 * @param inputWidth     width of an input vector x_t (copy task: 8 bits + delimiter = 9)
 * @param outputWidth    width of an output vector (copy task: 8)
 * @param controller     LSTM or FEEDFORWARD (tanh)
 * @param controllerSize LSTM units / hidden units of the controller
 * @param memoryRows     N, number of memory locations
 * @param memoryWidth    M, width of a memory location
 * @param readHeads      R, number of read heads
 * @param writeHeads     W, number of write heads
 * @param shiftRange     S: shifts −S..S are allowed (paper: 1); must be &lt; memoryRows
 * @param steps          T, unrolled sequence length (input and output)
 * @param memoryInit     CONSTANT (1e-6), LEARNED (trainable) or RANDOM (fixed, seeded, not trained)
 * @param optimizer      ADAM or RMSPROP
 * @param learningRate   learning rate of the optimiser
 * @param clipping       gradient clipping mode: NONE, ELEMENTWISE (|g| ≤ threshold) or L2_PER_LAYER
 * @param clipThreshold  threshold of the clipping mode (ignored for NONE)
 * @param seed           seed of the weight init (and of a RANDOM memory)
 */
public record NtmConfig(int inputWidth, int outputWidth, Controller controller, int controllerSize,
                        int memoryRows, int memoryWidth, int readHeads, int writeHeads, int shiftRange,
                        int steps, MemoryInit memoryInit, Optimizer optimizer, double learningRate,
                        Clipping clipping, double clipThreshold, long seed) implements Serializable {

    /** Controller network. */
    public enum Controller { LSTM, FEEDFORWARD }

    /** Initial memory contents M_0. */
    public enum MemoryInit { CONSTANT, LEARNED, RANDOM }

    /** Updater. */
    public enum Optimizer { ADAM, RMSPROP }

    /** Gradient clipping (DL4J gradient normalisation). */
    public enum Clipping { NONE, ELEMENTWISE, L2_PER_LAYER }

    /** Value of every memory cell at t = 0 under {@link MemoryInit#CONSTANT} (Collier &amp; Beel). */
    public static final double CONSTANT_MEMORY = 1e-6;

    public NtmConfig {
        if (controller == null) {
            throw new IllegalArgumentException("ntm.controller must be one of LSTM, FEEDFORWARD but was null");
        }
        if (memoryInit == null) {
            throw new IllegalArgumentException("ntm.memoryInit must be one of CONSTANT, LEARNED, RANDOM but was null");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("ntm.optimizer must be one of ADAM, RMSPROP but was null");
        }
        if (clipping == null) {
            throw new IllegalArgumentException("ntm.clipping must be one of NONE, ELEMENTWISE, L2_PER_LAYER but was null");
        }
        positive("inputWidth", inputWidth);
        positive("outputWidth", outputWidth);
        positive("controllerSize", controllerSize);
        positive("memoryRows", memoryRows);
        positive("memoryWidth", memoryWidth);
        positive("readHeads", readHeads);
        positive("writeHeads", writeHeads);
        positive("steps", steps);
        if (shiftRange < 0 || shiftRange >= memoryRows) {
            throw new IllegalArgumentException("ntm.shiftRange must be in [0, memoryRows = " + memoryRows
                    + ") but was " + shiftRange);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("ntm.learningRate must be finite and > 0 but was " + learningRate);
        }
        if (clipping != Clipping.NONE && (!(clipThreshold > 0) || !Double.isFinite(clipThreshold))) {
            throw new IllegalArgumentException("ntm.clipThreshold must be finite and > 0 for clipping " + clipping
                    + " but was " + clipThreshold);
        }
    }

    /** The paper's copy-task NTM: 9 → 8, LSTM 100, memory 128 × 20, 1 + 1 heads, shifts ±1, 41 steps, Adam 1e-3, L2 clip 50. */
    public static NtmConfig defaults() {
        return new NtmConfig(9, 8, Controller.LSTM, 100, 128, 20, 1, 1, 1, 41, MemoryInit.CONSTANT,
                Optimizer.ADAM, 1e-3, Clipping.L2_PER_LAYER, 50, 42L);
    }

    /** A copy unrolled over {@code t} steps. */
    public NtmConfig withSteps(int t) {
        return new NtmConfig(inputWidth, outputWidth, controller, controllerSize, memoryRows, memoryWidth, readHeads,
                writeHeads, shiftRange, t, memoryInit, optimizer, learningRate, clipping, clipThreshold, seed);
    }

    /** A copy with other input and output widths (another task). */
    public NtmConfig withWidths(int in, int out) {
        return new NtmConfig(in, out, controller, controllerSize, memoryRows, memoryWidth, readHeads,
                writeHeads, shiftRange, steps, memoryInit, optimizer, learningRate, clipping, clipThreshold, seed);
    }

    /** A copy with another controller (type and size). */
    public NtmConfig withController(Controller c, int size) {
        return new NtmConfig(inputWidth, outputWidth, c, size, memoryRows, memoryWidth, readHeads,
                writeHeads, shiftRange, steps, memoryInit, optimizer, learningRate, clipping, clipThreshold, seed);
    }

    /** A copy with another memory (N × M) and head counts. */
    public NtmConfig withMemory(int rows, int width, int reads, int writes) {
        return new NtmConfig(inputWidth, outputWidth, controller, controllerSize, rows, width, reads,
                writes, shiftRange, steps, memoryInit, optimizer, learningRate, clipping, clipThreshold, seed);
    }

    /** A copy with another memory initialisation. */
    public NtmConfig withMemoryInit(MemoryInit m) {
        return new NtmConfig(inputWidth, outputWidth, controller, controllerSize, memoryRows, memoryWidth, readHeads,
                writeHeads, shiftRange, steps, m, optimizer, learningRate, clipping, clipThreshold, seed);
    }

    /** A copy with another optimiser recipe. */
    public NtmConfig withOptimizer(Optimizer o, double lr, Clipping c, double threshold) {
        return new NtmConfig(inputWidth, outputWidth, controller, controllerSize, memoryRows, memoryWidth, readHeads,
                writeHeads, shiftRange, steps, memoryInit, o, lr, c, threshold, seed);
    }

    /** A copy with another seed. */
    public NtmConfig withSeed(long s) {
        return new NtmConfig(inputWidth, outputWidth, controller, controllerSize, memoryRows, memoryWidth, readHeads,
                writeHeads, shiftRange, steps, memoryInit, optimizer, learningRate, clipping, clipThreshold, s);
    }

    /** Number of shifts 2S + 1. */
    public int shifts() {
        return 2 * shiftRange + 1;
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("ntm." + name + " must be > 0 but was " + v);
        }
    }
}
