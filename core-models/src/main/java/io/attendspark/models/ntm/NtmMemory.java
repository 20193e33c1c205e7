package io.attendspark.models.ntm;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Reading from and writing to the NTM memory matrix (Graves et al., "Neural Turing Machines",
 * arXiv:1410.5401v2, §3.1–3.2, eqs. (2)–(4)) as batched SameDiff matmuls.
 *
 * <p>Shapes: memory {@code [b, N, M]}, weightings {@code [b, heads, N]}, erase and add vectors
 * {@code [b, W, M]}, read vectors {@code [b, R, M]}.
 *
 * <p><b>Deviations from the paper.</b> None: with several write heads the erase factors multiply
 * (order-independent, as the paper notes) and the adds sum.
 */
public final class NtmMemory {

    private NtmMemory() {
    }

    /** Read vectors {@code r(h) = Σ_i w(h, i) M(i)}, {@code [b, R, M]}. */
    public static SDVariable read(SameDiff sd, SDVariable weights, SDVariable memory) {
        return sd.mmul(weights, memory);                                                   // eq. (2)
    }

    /**
     * Erase then add: {@code M̃ = M ⊙ Π_h (1 − w_h e_hᵀ)}, {@code M' = M̃ + Σ_h w_h a_hᵀ}.
     *
     * @param weights write weightings {@code [b, W, N]}
     * @param erase   erase vectors in (0, 1), {@code [b, W, M]}
     * @param add     add vectors, {@code [b, W, M]}
     * @return the new memory {@code [b, N, M]}
     */
    public static SDVariable write(SameDiff sd, SDVariable memory, SDVariable weights, SDVariable erase,
                                   SDVariable add, int writeHeads) {
        SDVariable weightsT = sd.permute(weights, 0, 2, 1);                               // [b, N, W]
        SDVariable keep = null;                                                           // [b, N, M]
        for (int h = 0; h < writeHeads; h++) {
            SDVariable wh = writeHeads == 1 ? weightsT : sd.slice(weightsT, new int[]{0, 0, h}, -1, -1, 1);
            SDVariable eh = writeHeads == 1 ? erase : sd.slice(erase, new int[]{0, h, 0}, -1, 1, -1);
            SDVariable k = sd.math().rsub(sd.mmul(wh, eh), 1.0);                           // 1 − w_h e_hᵀ
            keep = keep == null ? k : keep.mul(k);
        }
        SDVariable erased = memory.mul(keep);                                             // eq. (3)
        return erased.add(sd.mmul(weightsT, add));                                        // eq. (4)
    }
}
