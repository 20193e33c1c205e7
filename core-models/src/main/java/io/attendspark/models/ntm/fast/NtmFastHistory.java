package io.attendspark.models.ntm.fast;

import java.util.Arrays;

/**
 * The large arrays of an {@link NtmFastEpisode}, kept from one training iteration to the next: the
 * memory states {@code M_t} {@code [b, N, M]} of every step (kept for backprop through time) and the
 * two {@code dL/dM} buffers the backward pass alternates between. Allocating them anew was most of
 * the NTM's ~70 MB of garbage per iteration (issue 7): every new array is fresh memory to zero, and
 * that traffic is shared with the other executors on a machine.
 *
 * <p>Only the latest episode may use it: a new forward pass overwrites the arrays of the one before
 * (the layer keeps one episode, for the backward of the same input, see {@link NtmFastLayerRuntime}).
 */
final class NtmFastHistory {

    private double[][] memory = new double[0][];
    private double[] gradA = new double[0], gradB = new double[0];

    /** The array for {@code M_t} ({@code t ≥ 1}), every element to be written by the caller. */
    double[] memory(int t, int length) {
        if (t >= memory.length) {
            memory = Arrays.copyOf(memory, Math.max(t + 1, 2 * memory.length));
        }
        if (memory[t] == null || memory[t].length != length) {
            memory[t] = new double[length];
        }
        return memory[t];
    }

    /** A zeroed {@code dL/dM} buffer for step t: the two buffers alternate, so step t's and t+1's differ. */
    double[] zeroedGradient(int t, int length) {
        if (gradA.length != length) {
            gradA = new double[length];
            gradB = new double[length];
        }
        double[] g = t % 2 == 0 ? gradA : gradB;
        Arrays.fill(g, 0.0);
        return g;
    }
}
