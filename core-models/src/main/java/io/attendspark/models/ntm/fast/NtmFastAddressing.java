package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NtmAddressing;

import static io.attendspark.models.math.Activations.sigmoid;
import static io.attendspark.models.math.Activations.tanh;
import static io.attendspark.models.ntm.fast.NtmFastLinear.softplus;

/**
 * NTM addressing (Graves et al., arXiv:1410.5401v2, §3.3, eqs. (5)–(9)) of all heads of a step and
 * its backward pass, as {@link NtmAddressing}: k = tanh, β = softplus, g = σ, γ = 1 + softplus,
 * s = softmax of the raw (clipped) head outputs; content weighting with cosine + ε, interpolation,
 * circular shift, sharpening as softmax(γ log(w̃ + ε)).
 *
 * <p>Shapes (row-major): raw {@code [b, headOutputs]} (head h's outputs at {@code h·P}), memory
 * {@code [b, N, M]}, weightings {@code [b, R+W, N]}.
 */
final class NtmFastAddressing {

    private NtmFastAddressing() {
    }

    /** {@code i mod n} for {@code −n ≤ i < 2n} (shifts are below N). */
    private static int wrap(int i, int n) {
        return i < 0 ? i + n : i >= n ? i - n : i;
    }

    /** What the backward pass needs from one step. */
    static final class Step {
        final double[] key;       // [b, H, M]
        final double[] keyNorm;   // [b, H]
        final double[] beta, gate, gamma, betaRaw, gammaRaw;  // [b, H]
        final double[] shift;     // [b, H, 2S+1]
        final double[] rowNorm;   // [b, N]
        final double[] cos, wc, wg, wt, logWt, w; // [b, H, N]; logWt = log(w̃ + ε)

        Step(NtmFastDims d, int batch) {
            int hh = batch * d.heads(), hn = hh * d.rows();
            key = new double[hh * d.width()];
            keyNorm = new double[hh];
            beta = new double[hh];
            gate = new double[hh];
            gamma = new double[hh];
            betaRaw = new double[hh];
            gammaRaw = new double[hh];
            shift = new double[hh * d.shifts()];
            rowNorm = new double[batch * d.rows()];
            cos = new double[hn];
            wc = new double[hn];
            wg = new double[hn];
            wt = new double[hn];
            logWt = new double[hn];
            w = new double[hn];
        }
    }

    /** The new weightings ({@code step.w}) of all heads from the previous ones {@code wPrev [b, H, N]}. */
    static Step forward(NtmFastDims d, int batch, double[] raw, double[] mem, double[] wPrev) {
        int n = d.rows(), m = d.width(), heads = d.heads(), p = d.perHead(), shifts = d.shifts(), sr = d.shiftRange();
        int ho = d.headOutputs();
        Step s = new Step(d, batch);
        for (int b = 0; b < batch; b++) {
            int mo = b * n * m;
            for (int i = 0; i < n; i++) {
                double sq = 0;
                for (int j = 0; j < m; j++) {
                    double v = mem[mo + i * m + j];
                    sq += v * v;
                }
                s.rowNorm[b * n + i] = Math.sqrt(sq);
            }
            for (int h = 0; h < heads; h++) {
                int bh = b * heads + h, ro = b * ho + h * p, ko = bh * m, wo = bh * n, so = bh * shifts;
                double sq = 0;
                for (int j = 0; j < m; j++) {
                    double k = tanh(raw[ro + j]);
                    s.key[ko + j] = k;
                    sq += k * k;
                }
                double kn = Math.sqrt(sq);
                s.keyNorm[bh] = kn;
                s.betaRaw[bh] = raw[ro + m];
                s.gammaRaw[bh] = raw[ro + m + 2];
                double beta = softplus(raw[ro + m]), g = sigmoid(raw[ro + m + 1]);
                double gamma = 1 + softplus(raw[ro + m + 2]);
                s.beta[bh] = beta;
                s.gate[bh] = g;
                s.gamma[bh] = gamma;
                System.arraycopy(raw, ro + m + 3, s.shift, so, shifts);
                NtmFastLinear.softmax(s.shift, so, shifts);
                for (int i = 0; i < n; i++) {
                    double dot = 0;
                    for (int j = 0; j < m; j++) {
                        dot += s.key[ko + j] * mem[mo + i * m + j];
                    }
                    double cos = dot / (kn * s.rowNorm[b * n + i] + NtmAddressing.COSINE_EPS);   // eq. (6)
                    s.cos[wo + i] = cos;
                    s.wc[wo + i] = beta * cos;
                }
                NtmFastLinear.softmax(s.wc, wo, n);                                                // eq. (5)
                for (int i = 0; i < n; i++) {
                    s.wg[wo + i] = wPrev[wo + i] + g * (s.wc[wo + i] - wPrev[wo + i]);             // eq. (7)
                }
                for (int i = 0; i < n; i++) {
                    double v = 0;
                    for (int j = 0; j < shifts; j++) {
                        v += s.shift[so + j] * s.wg[wo + wrap(i - (j - sr), n)];           // eq. (8)
                    }
                    s.wt[wo + i] = sr == 0 ? s.wg[wo + i] : v;
                    s.logWt[wo + i] = Math.log(s.wt[wo + i] + NtmAddressing.SHARPEN_EPS);
                    s.w[wo + i] = gamma * s.logWt[wo + i];
                }
                NtmFastLinear.softmax(s.w, wo, n);                                                 // eq. (9)
            }
        }
        return s;
    }

    /**
     * Backward: from {@code dw = dL/dw_t [b, H, N]} (destroyed) writes {@code dwPrev}, adds the raw
     * head-output gradients to {@code draw [b, headOutputs]} and the memory gradient to {@code dmem}.
     */
    static void backward(NtmFastDims d, int batch, Step s, double[] mem, double[] wPrev, double[] dw,
                         double[] dwPrev, double[] draw, double[] dmem) {
        int n = d.rows(), m = d.width(), heads = d.heads(), p = d.perHead(), shifts = d.shifts(), sr = d.shiftRange();
        int ho = d.headOutputs();
        double[] dwt = new double[n], dwg = new double[n], ds = new double[shifts], dkey = new double[m];
        for (int b = 0; b < batch; b++) {
            int mo = b * n * m;
            for (int h = 0; h < heads; h++) {
                int bh = b * heads + h, ro = b * ho + h * p, ko = bh * m, wo = bh * n, so = bh * shifts;
                double gamma = s.gamma[bh], g = s.gate[bh], beta = s.beta[bh], kn = s.keyNorm[bh];
                NtmFastLinear.softmaxBackward(s.w, dw, wo, n);                                     // eq. (9)
                double dgamma = 0;
                for (int i = 0; i < n; i++) {
                    double wtE = s.wt[wo + i] + NtmAddressing.SHARPEN_EPS;
                    dgamma += dw[wo + i] * s.logWt[wo + i];
                    dwt[i] = dw[wo + i] * gamma / wtE;
                }
                java.util.Arrays.fill(ds, 0);
                if (sr == 0) {
                    System.arraycopy(dwt, 0, dwg, 0, n);
                } else {
                    java.util.Arrays.fill(dwg, 0);
                    for (int i = 0; i < n; i++) {                                                 // eq. (8)
                        for (int j = 0; j < shifts; j++) {
                            int src = wrap(i - (j - sr), n);
                            ds[j] += dwt[i] * s.wg[wo + src];
                            dwg[src] += s.shift[so + j] * dwt[i];
                        }
                    }
                }
                double dg = 0;
                for (int i = 0; i < n; i++) {                                                     // eq. (7)
                    dg += dwg[i] * (s.wc[wo + i] - wPrev[wo + i]);
                    dwPrev[wo + i] = dwg[i] * (1 - g);
                    dw[wo + i] = dwg[i] * g;                                                      // now dL/dwc
                }
                NtmFastLinear.softmaxBackward(s.wc, dw, wo, n);                                    // eq. (5), dL/d(βK)
                double dbeta = 0, dkn = 0;
                java.util.Arrays.fill(dkey, 0);
                for (int i = 0; i < n; i++) {                                                     // eq. (6)
                    double dcos = dw[wo + i] * beta;
                    dbeta += dw[wo + i] * s.cos[wo + i];
                    double rn = s.rowNorm[b * n + i], den = kn * rn + NtmAddressing.COSINE_EPS;
                    double ddot = dcos / den, dden = -dcos * s.cos[wo + i] / den;
                    dkn += dden * rn;
                    double drn = dden * kn;
                    double rowScale = rn > 0 ? drn / rn : 0;
                    int r0 = mo + i * m;
                    for (int j = 0; j < m; j++) {
                        dkey[j] += ddot * mem[r0 + j];
                        dmem[r0 + j] += ddot * s.key[ko + j] + rowScale * mem[r0 + j];
                    }
                }
                for (int j = 0; j < m; j++) {
                    double k = s.key[ko + j];
                    double dk = dkey[j] + (kn > 0 ? dkn * k / kn : 0);
                    draw[ro + j] += dk * (1 - k * k);
                }
                draw[ro + m] += dbeta * sigmoid(s.betaRaw[bh]);
                draw[ro + m + 1] += dg * g * (1 - g);
                draw[ro + m + 2] += dgamma * sigmoid(s.gammaRaw[bh]);
                if (sr > 0) {
                    double sum = 0;
                    for (int j = 0; j < shifts; j++) {
                        sum += s.shift[so + j] * ds[j];
                    }
                    for (int j = 0; j < shifts; j++) {
                        draw[ro + m + 3 + j] += s.shift[so + j] * (ds[j] - sum);
                    }
                }
            }
        }
    }
}
