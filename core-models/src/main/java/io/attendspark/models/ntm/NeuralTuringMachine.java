package io.attendspark.models.ntm;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Neural Turing Machine unrolled over T steps in SameDiff (Graves et al., "Neural Turing
 * Machines", arXiv:1410.5401v2, §2–§4). Used by {@link NeuralTuringMachineLayer} (training) and by
 * {@link NtmModels#trace} (which also keeps the weightings).
 *
 * <p>Step t: the controller reads {@code [x_t, r_{t−1}]}; one matmul gives every head's raw outputs,
 * clipped to ±{@value #CLIP}; all R + W heads address {@code M_{t−1}} together (eqs. (5)–(9));
 * the read heads read {@code r_t} from {@code M_{t−1}} (eq. (2)); the write heads erase and add
 * (eqs. (3)–(4)) giving {@code M_t}. The output logits {@code W_o [h_t, r_t] + b_o} of all steps
 * are one matmul after the loop, clipped to ±{@value #CLIP}. The last step's write is left out: M_T is
 * never read, and SameDiff (1.0.0-M2.1) only finds DL4J's external-errors loss when the graph has
 * no other dangling output.
 *
 * <p>Initial state: {@code r_0} and the initial weightings (softmax of learned logits, starting
 * almost entirely on location 0) are trainable parameters, so they live in DL4J's parameter
 * table; {@code M_0} is {@value NtmConfig#CONSTANT_MEMORY} everywhere (CONSTANT), a parameter
 * (LEARNED) or a fixed seeded N(0, ½²) matrix (RANDOM). They are broadcast to the batch by a matmul
 * with a ones column.
 *
 * <p><b>Deviations from the paper.</b> Reads and writes of a step both address {@code M_{t−1}}
 * (the paper leaves the order open; Collier &amp; Beel do the same). Head outputs and logits are
 * clipped to ±20 (Collier &amp; Beel) against NaNs. Squashing functions as in
 * {@link NtmAddressing#squash}. The paper does not specify the initial state; the constant 1e-6
 * memory and learned initial reads/weightings follow Collier &amp; Beel, and the initial weightings
 * start focused on location 0 (with all rows of M_0 equal, uniform weightings would keep every row
 * identical forever).
 */
public final class NeuralTuringMachine {

    /** Clip of the raw head outputs and the output logits. */
    public static final double CLIP = 20.0;
    /** Standard deviation of a RANDOM initial memory. */
    public static final double RANDOM_MEMORY_STD = 0.5;

    private NeuralTuringMachine() {
    }

    /**
     * The unrolled graph's results.
     *
     * @param logits     {@code [b, outputWidth, T]}
     * @param weightings all heads' weightings {@code [b, R + W, N, T]} (reads first), or null
     */
    public record Unrolled(SDVariable logits, SDVariable weightings) {
    }

    /** Builds the T-step recurrence on {@code input [b, inputWidth, T]} from parameters {@code p}. */
    public static Unrolled unroll(SameDiff sd, SDVariable input, Map<String, SDVariable> p,
                                  NeuralTuringMachineLayer a, boolean keepWeightings) {
        int n = a.getMemoryRows(), m = a.getMemoryWidth(), r = a.getReadHeads(), w = a.getWriteHeads();
        int heads = r + w, size = a.getControllerSize(), steps = a.getSteps(), shifts = 2 * a.getShiftRange() + 1;
        int perHead = NtmAddressing.paramsPerHead(m, shifts);
        DataType dt = input.dataType();

        SDVariable ones = sd.onesLike(sd.reshape(sd.slice(input, new int[]{0, 0, 0}, -1, 1, 1), -1, 1)); // [b, 1]
        SDVariable reads = ones.mmul(p.get(NeuralTuringMachineLayer.READ_INIT));                       // [b, R·M]
        SDVariable wInit = sd.nn().softmax(sd.reshape(p.get(NeuralTuringMachineLayer.WEIGHTING_INIT), heads, n), 1);
        SDVariable weights = sd.reshape(ones.mmul(sd.reshape(wInit, 1, heads * n)), -1, heads, n);  // [b, H, N]
        SDVariable memory = sd.reshape(ones.mmul(initialMemory(sd, p, a, dt)), -1, n, m);         // [b, N, M]
        boolean lstm = a.getController() == NtmConfig.Controller.LSTM;    // h_0 = c_0 = 0; unused (so absent) for FEEDFORWARD
        NtmController.State state = lstm ? new NtmController.State(ones.mmul(sd.constant(Nd4j.zeros(dt, 1, size))),
                ones.mmul(sd.constant(Nd4j.zeros(dt, 1, size)))) : new NtmController.State(null, null);

        int gates = NtmController.gateWidth(a.getController(), size);
        SDVariable[] xProj = NtmController.projectInputs(sd, input, p.get(NeuralTuringMachineLayer.CTRL_WX),
                p.get(NeuralTuringMachineLayer.CTRL_B), a.getInputWidth(), steps, gates);
        List<SDVariable> features = new ArrayList<>(steps);
        List<SDVariable> history = keepWeightings ? new ArrayList<>(steps) : null;
        for (int t = 0; t < steps; t++) {
            state = NtmController.step(sd, a.getController(), size, xProj[t], reads, state,
                    p.get(NeuralTuringMachineLayer.CTRL_WH));
            SDVariable raw = sd.math().clipByValue(state.hidden().mmul(p.get(NeuralTuringMachineLayer.HEAD_W))
                    .add(p.get(NeuralTuringMachineLayer.HEAD_B)), -CLIP, CLIP);                  // [b, H·P + 2·W·M]
            SDVariable addressing = sd.reshape(sd.slice(raw, new int[]{0, 0}, -1, heads * perHead),
                    -1, heads, perHead);                                                          // [b, H, P]
            NtmAddressing.Head head = NtmAddressing.squash(sd, addressing, m, shifts);
            weights = NtmAddressing.address(sd, memory, head, weights, n, a.getShiftRange());   // eqs. (5)-(9)
            SDVariable wRead = sd.slice(weights, new int[]{0, 0, 0}, -1, r, -1);                 // [b, R, N]
            reads = sd.reshape(NtmMemory.read(sd, wRead, memory), -1, r * m);                    // eq. (2), [b, R·M]
            if (t < steps - 1) {   // M_T is never read: leaving it out keeps the graph free of dangling outputs
                SDVariable wWrite = sd.slice(weights, new int[]{0, r, 0}, -1, w, -1);            // [b, W, N]
                SDVariable eraseAdd = sd.reshape(sd.slice(raw, new int[]{0, heads * perHead}, -1, 2 * w * m),
                        -1, w, 2 * m);                                                            // [b, W, 2M]
                SDVariable erase = sd.nn().sigmoid(sd.slice(eraseAdd, new int[]{0, 0, 0}, -1, -1, m)); // [b, W, M]
                SDVariable add = sd.math().tanh(sd.slice(eraseAdd, new int[]{0, 0, m}, -1, -1, m));    // [b, W, M]
                memory = NtmMemory.write(sd, memory, wWrite, erase, add, w);                     // eqs. (3)-(4)
            }
            features.add(sd.concat(1, state.hidden(), reads));                                  // [b, H + R·M]
            if (keepWeightings) {
                history.add(weights);
            }
        }
        int featureWidth = size + r * m;
        SDVariable all = sd.reshape(sd.stack(1, features.toArray(new SDVariable[0])), -1, featureWidth); // [b·T, D]
        SDVariable out = all.mmul(p.get(NeuralTuringMachineLayer.OUT_W)).add(p.get(NeuralTuringMachineLayer.OUT_B));
        SDVariable logits = sd.permute(sd.reshape(sd.math().clipByValue(out, -CLIP, CLIP), -1, steps,
                a.getOutputWidth()), 0, 2, 1);                                                    // [b, out, T]
        SDVariable weightings = keepWeightings ? sd.stack(3, history.toArray(new SDVariable[0])) : null; // [b, H, N, T]
        return new Unrolled(logits, weightings);
    }

    /** M_0 as a row {@code [1, N·M]}. */
    private static SDVariable initialMemory(SameDiff sd, Map<String, SDVariable> p, NeuralTuringMachineLayer a,
                                            DataType dt) {
        long cells = (long) a.getMemoryRows() * a.getMemoryWidth();
        return switch (a.getMemoryInit()) {
            case LEARNED -> p.get(NeuralTuringMachineLayer.MEMORY_INIT);
            case CONSTANT -> sd.constant(Nd4j.valueArrayOf(new long[]{1, cells}, NtmConfig.CONSTANT_MEMORY, dt));
            case RANDOM -> sd.constant(randomMemory(a.getMemorySeed(), cells, dt));
        };
    }

    /** The fixed RANDOM (or initial LEARNED) memory: N(0, ½²) from {@code seed}, {@code [1, cells]}. */
    static INDArray randomMemory(long seed, long cells, DataType dt) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(cells)];
        for (int i = 0; i < v.length; i++) {
            v[i] = RANDOM_MEMORY_STD * random.nextGaussian();
        }
        return Nd4j.create(v, new long[]{1, cells}, DataType.DOUBLE).castTo(dt);
    }
}
