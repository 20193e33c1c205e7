package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NtmConfig;

/**
 * Sizes of a {@link NtmFastLayer} (Graves et al., arXiv:1410.5401v2) and derived widths.
 *
 * @param in         input width
 * @param out        output width
 * @param lstm       LSTM controller (else feed-forward tanh)
 * @param hidden     controller units H
 * @param rows       memory locations N
 * @param width      memory width M
 * @param reads      read heads R
 * @param writes     write heads W
 * @param shiftRange S: shifts −S..S
 * @param steps      T
 * @param memoryInit initial memory kind
 * @param memorySeed seed of a RANDOM memory
 */
record NtmFastDims(int in, int out, boolean lstm, int hidden, int rows, int width, int reads, int writes,
                   int shiftRange, int steps, NtmConfig.MemoryInit memoryInit, long memorySeed) {

    /** R + W. */
    int heads() {
        return reads + writes;
    }

    /** 2S + 1. */
    int shifts() {
        return 2 * shiftRange + 1;
    }

    /** Raw outputs per head: key M, β, g, γ, 2S+1 shift logits. */
    int perHead() {
        return width + 3 + shifts();
    }

    /** Columns of the packed controller pre-activations: 4H (LSTM, [i, f, o, g]) or H. */
    int gates() {
        return lstm ? 4 * hidden : hidden;
    }

    /** Rows of W_h: [r_{t−1}, h_{t−1}] (LSTM) or r_{t−1}. */
    int recurrentInputs() {
        return lstm ? reads * width + hidden : reads * width;
    }

    /** Columns of the head matmul: (R+W)·P addressing outputs, then W·2M erase/add. */
    int headOutputs() {
        return heads() * perHead() + 2 * writes * width;
    }

    /** Output features [h_t, r_t]. */
    int features() {
        return hidden + reads * width;
    }

    /** N·M. */
    int cells() {
        return rows * width;
    }
}
