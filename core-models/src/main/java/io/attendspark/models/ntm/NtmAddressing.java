package io.attendspark.models.ntm;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The NTM addressing mechanism (Graves et al., "Neural Turing Machines", arXiv:1410.5401v2, §3.3,
 * eqs. (5)–(9)) as SameDiff ops, for all H heads of a step at once: content addressing, interpolation
 * with the previous weighting, circular shift, sharpening.
 *
 * <p>Shapes: memory {@code [b, N, M]}, weightings {@code [b, H, N]}, keys {@code [b, H, M]}, scalars
 * per head {@code [b, H, 1]}, shift distributions {@code [b, H, 2S+1]} where index j is the shift
 * {@code j − S} (a positive shift moves the focus to higher locations).
 *
 * <p>The circular convolution (eq. (8)) is built from slices and a concat (wrap-around padding)
 * plus one batched matmul, because SameDiff's {@code gather} has a broken backward pass in 1.0.0-M2.1.
 *
 * <p><b>Deviations from the paper.</b> Cosine similarity has {@value #COSINE_EPS} added to its
 * denominator (a zero key or row would divide by zero). Sharpening is computed as
 * {@code softmax(γ · log(w̃ + }{@value #SHARPEN_EPS}{@code ))}, which equals eq. (9) up to the
 * epsilon and stays finite when a weight underflows to 0.
 */
public final class NtmAddressing {

    /** Added to the cosine denominator. */
    public static final double COSINE_EPS = 1e-8;
    /** Added to w̃ before the logarithm of the sharpening step. */
    public static final double SHARPEN_EPS = 1e-12;

    private NtmAddressing() {
    }

    /** The squashed addressing outputs of all heads of one step. */
    public record Head(SDVariable key, SDVariable beta, SDVariable gate, SDVariable shift, SDVariable gamma) {
    }

    /** Raw controller outputs per head: key M, β, g, γ, then 2S+1 shift logits. */
    public static int paramsPerHead(int memoryWidth, int shifts) {
        return memoryWidth + 3 + shifts;
    }

    /**
     * Squashes raw head outputs {@code [b, H, M + 3 + 2S+1]}: k = tanh, β = softplus, g = sigmoid,
     * γ = 1 + softplus, s = softmax (Collier &amp; Beel's choices).
     */
    public static Head squash(SameDiff sd, SDVariable raw, int memoryWidth, int shifts) {
        int m = memoryWidth;
        SDVariable key = sd.math().tanh(sd.slice(raw, new int[]{0, 0, 0}, -1, -1, m));                 // [b, H, M]
        SDVariable beta = sd.nn().softplus(sd.slice(raw, new int[]{0, 0, m}, -1, -1, 1));              // [b, H, 1]
        SDVariable gate = sd.nn().sigmoid(sd.slice(raw, new int[]{0, 0, m + 1}, -1, -1, 1));           // [b, H, 1]
        SDVariable gamma = sd.nn().softplus(sd.slice(raw, new int[]{0, 0, m + 2}, -1, -1, 1)).add(1.0); // [b, H, 1]
        SDVariable shift = sd.nn().softmax(sd.slice(raw, new int[]{0, 0, m + 3}, -1, -1, shifts), 2);  // [b, H, 2S+1]
        return new Head(key, beta, gate, shift, gamma);
    }

    /** eqs. (5)–(9): the new weightings {@code [b, H, N]} of all heads. */
    public static SDVariable address(SameDiff sd, SDVariable memory, Head head, SDVariable wPrev, int rows,
                                     int shiftRange) {
        SDVariable wContent = content(sd, memory, head.key(), head.beta(), rows);
        SDVariable wGated = interpolate(wContent, wPrev, head.gate());
        SDVariable wShifted = shift(sd, wGated, head.shift(), rows, shiftRange);
        return sharpen(sd, wShifted, head.gamma());
    }

    /** Content weighting {@code [b, H, N]}: softmax over rows of β · cosine(k, M(i)). */
    public static SDVariable content(SameDiff sd, SDVariable memory, SDVariable key, SDVariable beta, int rows) {
        SDVariable memoryT = sd.permute(memory, 0, 2, 1);                                  // [b, M, N]
        SDVariable dot = sd.mmul(key, memoryT);                                            // [b, H, N]
        SDVariable keyNorm = sd.norm2(key, true, 2);                                       // [b, H, 1]
        SDVariable rowNorm = sd.reshape(sd.norm2(memory, false, 2), -1, 1, rows);          // [b, 1, N]
        SDVariable cosine = dot.div(keyNorm.mul(rowNorm).add(COSINE_EPS));                 // eq. (6)
        return sd.nn().softmax(cosine.mul(beta), 2);                                       // eq. (5)
    }

    /** Interpolation gate: {@code g · w^c + (1 − g) · w_{t−1}}. */
    public static SDVariable interpolate(SDVariable wContent, SDVariable wPrev, SDVariable gate) {
        return wPrev.add(gate.mul(wContent.sub(wPrev)));                                   // eq. (7)
    }

    /**
     * Circular convolution {@code w̃(i) = Σ_j w^g(j) s(i − j mod N)} over shifts −S..S: the weighting
     * is padded with S rows from each end (wrap-around), the 2S+1 shifted windows are stacked and
     * mixed by one batched matmul with s.
     */
    public static SDVariable shift(SameDiff sd, SDVariable wGated, SDVariable shift, int rows, int shiftRange) {
        if (shiftRange == 0) {
            return wGated;                                                                 // s is the point mass at 0
        }
        int n = rows, r = shiftRange;
        SDVariable tail = sd.slice(wGated, new int[]{0, 0, n - r}, -1, -1, r);            // [b, H, S]
        SDVariable head = sd.slice(wGated, new int[]{0, 0, 0}, -1, -1, r);                // [b, H, S]
        SDVariable padded = sd.concat(2, tail, wGated, head);                             // [b, H, N+2S], padded(p) = w(p − S mod N)
        SDVariable[] windows = new SDVariable[2 * r + 1];
        for (int j = 0; j <= 2 * r; j++) {
            int k = j - r;                                                                // shift k: window(i) = w(i − k mod N)
            windows[j] = sd.slice(padded, new int[]{0, 0, r - k}, -1, -1, n);              // [b, H, N]
        }
        SDVariable stacked = sd.stack(2, windows);                                        // [b, H, 2S+1, N]
        SDVariable s = sd.expandDims(shift, 2);                                           // [b, H, 1, 2S+1]
        return sd.squeeze(sd.mmul(s, stacked), 2);                                        // eq. (8), [b, H, N]
    }

    /** Sharpening {@code w(i) = w̃(i)^γ / Σ_j w̃(j)^γ}, as a softmax of γ · log w̃. */
    public static SDVariable sharpen(SameDiff sd, SDVariable wShifted, SDVariable gamma) {
        SDVariable logW = sd.math().log(wShifted.add(SHARPEN_EPS));                       // [b, H, N]
        return sd.nn().softmax(logW.mul(gamma), 2);                                       // eq. (9)
    }
}
