package io.attendspark.models.ntm.fast;

import static io.attendspark.models.math.Activations.sigmoid;
import static io.attendspark.models.math.Activations.tanh;

/**
 * Reading and writing the NTM memory (Graves et al., arXiv:1410.5401v2, §3.1–3.2, eqs. (2)–(4))
 * and the backward passes, as {@link io.attendspark.models.ntm.NtmMemory}: several write heads'
 * erase factors multiply and their adds sum. Memory {@code [b, N, M]}, weightings {@code [b, R+W, N]}
 * (reads first), reads {@code [b, R·M]}, erase/add vectors {@code [b, W, M]}.
 */
final class NtmFastMemory {

    private NtmFastMemory() {
    }

    /** Read vectors {@code r_h = Σ_i w_h(i) M(i)} of the R read heads, {@code [b, R·M]}. */
    static double[] read(NtmFastDims d, int batch, double[] w, double[] mem) {
        int n = d.rows(), m = d.width(), r = d.reads(), heads = d.heads();
        double[] out = new double[batch * r * m];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < r; h++) {
                int wo = (b * heads + h) * n, oo = (b * r + h) * m;
                for (int i = 0; i < n; i++) {
                    double wi = w[wo + i];
                    int r0 = (b * n + i) * m;
                    for (int j = 0; j < m; j++) {
                        out[oo + j] += wi * mem[r0 + j];                                          // eq. (2)
                    }
                }
            }
        }
        return out;
    }

    /** Backward of {@link #read}: adds to {@code dw} (read heads' rows) and {@code dmem}. */
    static void readBackward(NtmFastDims d, int batch, double[] w, double[] mem, double[] dr, double[] dw,
                             double[] dmem) {
        int n = d.rows(), m = d.width(), r = d.reads(), heads = d.heads();
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < r; h++) {
                int wo = (b * heads + h) * n, oo = (b * r + h) * m;
                for (int i = 0; i < n; i++) {
                    double wi = w[wo + i], s = 0;
                    int r0 = (b * n + i) * m;
                    for (int j = 0; j < m; j++) {
                        s += dr[oo + j] * mem[r0 + j];
                        dmem[r0 + j] += wi * dr[oo + j];
                    }
                    dw[wo + i] += s;
                }
            }
        }
    }

    /** Erase (σ) and add (tanh) vectors {@code [b, W, 2M]} (erase in the first M) from the clipped raw outputs. */
    static double[] eraseAdd(NtmFastDims d, int batch, double[] raw) {
        int m = d.width(), wr = d.writes(), ho = d.headOutputs(), base = d.heads() * d.perHead();
        double[] out = new double[batch * wr * 2 * m];
        for (int b = 0; b < batch; b++) {
            for (int v = 0; v < wr; v++) {
                int ro = b * ho + base + v * 2 * m, oo = (b * wr + v) * 2 * m;
                for (int j = 0; j < m; j++) {
                    out[oo + j] = sigmoid(raw[ro + j]);
                    out[oo + m + j] = tanh(raw[ro + m + j]);
                }
            }
        }
        return out;
    }

    /**
     * {@code out = M' = M ⊙ Π_v (1 − w_v e_vᵀ) + Σ_v w_v a_vᵀ} (eqs. (3)–(4)); every element of
     * {@code out [b, N, M]} is written. The backward recomputes the erase factor (N·M products per
     * episode) rather than keeping a second {@code [b, N, M]} array per step.
     */
    static void write(NtmFastDims d, int batch, double[] mem, double[] w, double[] ea, double[] out) {
        int cells = d.cells();
        double[] k = new double[cells], add = new double[cells];
        for (int b = 0; b < batch; b++) {
            keepAndAdd(d, b, w, ea, -1, k, add);
            int mo = b * cells;
            for (int q = 0; q < cells; q++) {
                out[mo + q] = mem[mo + q] * k[q] + add[q];                                        // eqs. (3)-(4)
            }
        }
    }

    /**
     * For episode {@code b}: {@code keep = Π_{v ≠ skip} (1 − w_v e_vᵀ)} and {@code add = Σ_v w_v a_vᵀ}
     * ({@code [N, M]}; {@code skip < 0} skips no head; {@code add} may be null).
     */
    private static void keepAndAdd(NtmFastDims d, int b, double[] w, double[] ea, int skip, double[] keep,
                                   double[] add) {
        int n = d.rows(), m = d.width(), r = d.reads(), wr = d.writes(), heads = d.heads();
        java.util.Arrays.fill(keep, 1);
        if (add != null) {
            java.util.Arrays.fill(add, 0);
        }
        for (int v = 0; v < wr; v++) {
            int wo = (b * heads + r + v) * n, eo = (b * wr + v) * 2 * m;
            for (int i = 0; i < n; i++) {
                double wv = w[wo + i];
                int r0 = i * m;
                if (v != skip) {
                    for (int j = 0; j < m; j++) {
                        keep[r0 + j] *= 1 - wv * ea[eo + j];
                    }
                }
                if (add != null) {
                    for (int j = 0; j < m; j++) {
                        add[r0 + j] += wv * ea[eo + m + j];
                    }
                }
            }
        }
    }

    /**
     * Backward of {@link #write} from {@code dNext = dL/dM'}: adds to {@code dmem}, to the write
     * heads' rows of {@code dw}, and the erase/add pre-activation gradients to {@code draw}.
     */
    static void writeBackward(NtmFastDims d, int batch, double[] mem, double[] w, double[] ea,
                              double[] dNext, double[] dmem, double[] dw, double[] draw) {
        int n = d.rows(), m = d.width(), r = d.reads(), wr = d.writes(), heads = d.heads(), cells = d.cells();
        int ho = d.headOutputs(), base = heads * d.perHead();
        double[] keep = new double[cells], others = new double[cells], dk = new double[m];
        for (int b = 0; b < batch; b++) {
            int mo = b * cells;
            keepAndAdd(d, b, w, ea, -1, keep, null);                                              // Π over all v
            for (int q = 0; q < cells; q++) {
                dmem[mo + q] += dNext[mo + q] * keep[q];
            }
            for (int v = 0; v < wr; v++) {
                if (wr > 1) {
                    keepAndAdd(d, b, w, ea, v, others, null);                                     // Π over u ≠ v
                } else {
                    java.util.Arrays.fill(others, 1);
                }
                int wo = (b * heads + r + v) * n, eo = (b * wr + v) * 2 * m, ro = b * ho + base + v * 2 * m;
                double[] de = new double[m], da = new double[m];
                for (int i = 0; i < n; i++) {
                    double wv = w[wo + i], s = 0;
                    int q0 = mo + i * m, o0 = i * m;
                    for (int j = 0; j < m; j++) {
                        dk[j] = dNext[q0 + j] * mem[q0 + j] * others[o0 + j];                     // dL/d(1 − w e)
                    }
                    for (int j = 0; j < m; j++) {
                        de[j] -= dk[j] * wv;
                        da[j] += dNext[q0 + j] * wv;
                    }
                    for (int j = 0; j < m; j++) {
                        s += dNext[q0 + j] * ea[eo + m + j] - dk[j] * ea[eo + j];
                    }
                    dw[wo + i] += s;
                }
                for (int j = 0; j < m; j++) {
                    double e = ea[eo + j], a = ea[eo + m + j];
                    draw[ro + j] += de[j] * e * (1 - e);
                    draw[ro + m + j] += da[j] * (1 - a * a);
                }
            }
        }
    }
}
