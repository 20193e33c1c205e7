package io.attendspark.models.ntm;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The NTM controller (Graves et al., "Neural Turing Machines", arXiv:1410.5401v2, §4): an LSTM or a
 * one-layer tanh network whose input at step t is {@code [x_t, r_{t−1}]} (the previous read vectors).
 *
 * <p>For speed the input projection {@code x_t W_x + b} of all steps is one matmul before the loop
 * ({@link #projectInputs}); a step adds {@code [r_{t−1}, h_{t−1}] W_h} (LSTM) or {@code r_{t−1} W_h}
 * (feed-forward). LSTM gates are packed {@code [i, f, o, g]}; one sigmoid covers i, f and o.
 *
 * <p>Why not ND4J's fused {@code lstmLayer} op (one op instead of ~15 per step): in 1.0.0-M2.1, used
 * for one step with initial states, its Java constructor swaps the {@code cLast}/{@code yLast}
 * inputs and, worse, its backward pass gave wrong gradients for the input weights and bias in the
 * whole-episode gradient check (sign flips). The explicit gates below pass the check.
 *
 * <p><b>Deviations from the paper.</b> The paper does not give the LSTM variant; this is the
 * standard LSTM without peepholes, forget-gate bias initialised to 1, zero initial h and c.
 */
public final class NtmController {

    private NtmController() {
    }

    /** Controller state after a step; {@code cell} is null for the feed-forward controller. */
    public record State(SDVariable hidden, SDVariable cell) {
    }

    /** Columns of the packed pre-activations: 4·H (LSTM) or H (feed-forward). */
    public static int gateWidth(NtmConfig.Controller controller, int size) {
        return controller == NtmConfig.Controller.LSTM ? 4 * size : size;
    }

    /** Rows of the recurrent weight W_h: R·M read values, plus H for the LSTM's h_{t−1}. */
    public static int recurrentInputs(NtmConfig.Controller controller, int size, int readWidth) {
        return controller == NtmConfig.Controller.LSTM ? readWidth + size : readWidth;
    }

    /**
     * {@code x_t W_x + b} for all steps, unstacked: T arrays {@code [b, gateWidth]}.
     *
     * @param input {@code [b, inputWidth, T]}
     */
    public static SDVariable[] projectInputs(SameDiff sd, SDVariable input, SDVariable wx, SDVariable bias,
                                             int inputWidth, int steps, int gateWidth) {
        SDVariable x = sd.reshape(sd.permute(input, 0, 2, 1), -1, inputWidth);            // [b·T, in]
        SDVariable proj = sd.reshape(x.mmul(wx).add(bias), -1, steps, gateWidth);         // [b, T, G]
        return sd.unstack(proj, 1, steps);                                                // T × [b, G]
    }

    /** One controller step from the projected input, the previous reads {@code [b, R·M]} and state. */
    public static State step(SameDiff sd, NtmConfig.Controller controller, int size, SDVariable xProj,
                             SDVariable reads, State prev, SDVariable wh) {
        if (controller == NtmConfig.Controller.FEEDFORWARD) {
            return new State(sd.math().tanh(xProj.add(reads.mmul(wh))), null);            // [b, H]
        }
        SDVariable z = xProj.add(sd.concat(1, reads, prev.hidden()).mmul(wh));            // [b, 4H]
        SDVariable ifo = sd.nn().sigmoid(sd.slice(z, new int[]{0, 0}, -1, 3 * size));    // [b, 3H]
        SDVariable g = sd.math().tanh(sd.slice(z, new int[]{0, 3 * size}, -1, size));     // [b, H]
        SDVariable i = sd.slice(ifo, new int[]{0, 0}, -1, size);
        SDVariable f = sd.slice(ifo, new int[]{0, size}, -1, size);
        SDVariable o = sd.slice(ifo, new int[]{0, 2 * size}, -1, size);
        SDVariable c = f.mul(prev.cell()).add(i.mul(g));                                  // [b, H]
        SDVariable h = o.mul(sd.math().tanh(c));                                          // [b, H]
        return new State(h, c);
    }
}
