package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NeuralTuringMachine;
import io.attendspark.models.ntm.NtmConfig;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/**
 * One batch of NTM episodes unrolled over T steps (Graves et al., arXiv:1410.5401v2, §2–§4): the
 * forward pass keeping what backprop through time needs, and the backward pass. Same recurrence
 * as {@link NeuralTuringMachine#unroll}: controller on {@code [x_t, r_{t−1}]}, head outputs clipped
 * to ±{@value NeuralTuringMachine#CLIP}, all heads address {@code M_{t−1}}, reads from
 * {@code M_{t−1}}, erase/add giving {@code M_t} (skipped at the last step), logits
 * {@code clip(W_o [h_t, r_t] + b_o)}. Initial state: learned r_0, softmax of the learned weighting
 * logits, M_0 constant {@value NtmConfig#CONSTANT_MEMORY} / learned / fixed random, h_0 = c_0 = 0.
 *
 * <p>All arrays are row-major doubles; input and logits are {@code [b, width, T]}.
 */
final class NtmFastEpisode {

    private final NtmFastDims d;
    private final NtmFastParams p;
    private final int batch;
    private final double[] x;            // [b, in, T]
    private final double[] w0;           // [H, N] initial weightings
    private final double[][] mem;        // mem[t] = M_{t} before step t, [b, N, M]
    private final double[][] u, act, c, tanhC, h, rawPre, raw, reads, eraseAdd, features;
    private final NtmFastHistory history;  // the memory states M_t (t ≥ 1) and the backward's dL/dM buffers
    private double[] logitPre;          // [T·b, out] before the clip
    private final NtmFastAddressing.Step[] addressing;
    private final double[] logits;       // [b, out, T]

    private NtmFastEpisode(NtmFastDims d, NtmFastParams p, int batch, double[] x, NtmFastHistory history) {
        int t = d.steps();
        this.d = d;
        this.history = history;
        this.p = p;
        this.batch = batch;
        this.x = x;
        w0 = p.weightingInit.clone();
        for (int hh = 0; hh < d.heads(); hh++) {
            NtmFastLinear.softmax(w0, hh * d.rows(), d.rows());
        }
        mem = new double[t][];
        u = new double[t][];
        act = new double[t][];
        c = new double[t][];
        tanhC = new double[t][];
        h = new double[t][];
        rawPre = new double[t][];
        raw = new double[t][];
        reads = new double[t][];
        eraseAdd = new double[t][];
        features = new double[t][];
        addressing = new NtmFastAddressing.Step[t];
        logits = new double[batch * d.out() * t];
    }

    /**
     * Runs the forward pass of {@code x [b, in, T]}, keeping the memory states in {@code history}
     * (which a later forward pass overwrites: an episode's backward must come before it).
     */
    static NtmFastEpisode forward(NtmFastDims d, NtmFastParams p, int batch, double[] x, NtmFastHistory history) {
        NtmFastEpisode e = new NtmFastEpisode(d, p, batch, x, history);
        e.run();
        return e;
    }

    /** Logits {@code [b, out, T]}. */
    double[] logits() {
        return logits;
    }

    private void run() {
        int steps = d.steps(), hs = d.hidden(), rm = d.reads() * d.width(), k = d.recurrentInputs();
        int g = d.gates(), ho = d.headOutputs(), out = d.out(), f = d.features();
        INDArray wh = NtmFastGemm.matrix(p.wh, k, g), headW = NtmFastGemm.matrix(p.headW, hs, ho);
        double[] r = NtmFastLinear.broadcast(p.readInit, batch);                                  // [b, R·M]
        double[] w = NtmFastLinear.broadcast(w0, batch);                                          // [b, H, N]
        double[] memory = NtmFastLinear.broadcast(initialMemory(), batch);                        // [b, N, M]
        double[] hPrev = new double[batch * hs], cPrev = new double[batch * hs];
        for (int t = 0; t < steps; t++) {
            mem[t] = memory;
            double[] ut = new double[batch * k];                                                  // [r_{t−1}, h_{t−1}]
            for (int b = 0; b < batch; b++) {
                System.arraycopy(r, b * rm, ut, b * k, rm);
                if (d.lstm()) {
                    System.arraycopy(hPrev, b * hs, ut, b * k + rm, hs);
                }
            }
            u[t] = ut;
            double[] z = inputProjection(t);
            NtmFastGemm.mulAdd(ut, batch, wh, false, z);                                          // [b, G]
            act[t] = new double[batch * g];
            c[t] = new double[batch * hs];
            tanhC[t] = new double[batch * hs];
            h[t] = new double[batch * hs];
            NtmFastController.forward(d, batch, z, cPrev, act[t], c[t], tanhC[t], h[t]);
            double[] pre = NtmFastLinear.broadcast(p.headB, batch);
            NtmFastGemm.mulAdd(h[t], batch, headW, false, pre);                                   // [b, headOutputs]
            rawPre[t] = pre;
            raw[t] = clip(pre);
            addressing[t] = NtmFastAddressing.forward(d, batch, raw[t], memory, w);               // eqs. (5)-(9)
            w = addressing[t].w;
            r = NtmFastMemory.read(d, batch, w, memory);                                          // eq. (2)
            reads[t] = r;
            if (t < steps - 1) {                                  // M_T is never read (as in the SameDiff graph)
                eraseAdd[t] = NtmFastMemory.eraseAdd(d, batch, raw[t]);
                double[] next = history.memory(t + 1, memory.length);
                NtmFastMemory.write(d, batch, memory, w, eraseAdd[t], next);                      // eqs. (3)-(4)
                memory = next;
            }
            double[] feat = new double[batch * f];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(h[t], b * hs, feat, b * f, hs);
                System.arraycopy(r, b * rm, feat, b * f + hs, rm);
            }
            features[t] = feat;
            hPrev = h[t];
            cPrev = c[t];
        }
        double[] lp = NtmFastLinear.broadcast(p.outB, steps * batch);                            // [T·b, out]
        NtmFastGemm.mulAdd(NtmFastGemm.stack(features), steps * batch, NtmFastGemm.matrix(p.outW, f, out), false, lp);
        logitPre = lp;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    logits[(b * out + o) * steps + t] = clip(lp[(t * batch + b) * out + o]);
                }
            }
        }
    }

    /** {@code x_t W_x + b}, {@code [b, G]}. */
    private double[] inputProjection(int t) {
        int in = d.in(), g = d.gates(), steps = d.steps();
        double[] z = NtmFastLinear.broadcast(p.b, batch);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < in; i++) {
                double xv = x[(b * in + i) * steps + t];
                if (xv != 0) {
                    for (int j = 0; j < g; j++) {
                        z[b * g + j] += xv * p.wx[i * g + j];
                    }
                }
            }
        }
        return z;
    }

    private double[] initialMemory() {
        int cells = d.cells();
        return switch (d.memoryInit()) {
            case LEARNED -> p.memoryInit;
            case CONSTANT -> {
                double[] v = new double[cells];
                java.util.Arrays.fill(v, NtmConfig.CONSTANT_MEMORY);
                yield v;
            }
            case RANDOM -> {                                       // as NeuralTuringMachine.randomMemory
                SplittableRandom random = new SplittableRandom(d.memorySeed());
                double[] v = new double[cells];
                for (int i = 0; i < cells; i++) {
                    v[i] = NeuralTuringMachine.RANDOM_MEMORY_STD * random.nextGaussian();
                }
                yield v;
            }
        };
    }

    private static double clip(double v) {
        return Math.max(-NeuralTuringMachine.CLIP, Math.min(NeuralTuringMachine.CLIP, v));
    }

    private static double[] clip(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = clip(v[i]);
        }
        return out;
    }

    /** Gradient of clipByValue: passes inside (−CLIP, CLIP), zero outside. */
    private static void clipBackward(double[] pre, double[] grad) {
        for (int i = 0; i < grad.length; i++) {
            if (pre[i] <= -NeuralTuringMachine.CLIP || pre[i] >= NeuralTuringMachine.CLIP) {
                grad[i] = 0;
            }
        }
    }

    /**
     * Backprop through time from {@code dLogits [b, out, T]}: returns the parameter gradients
     * (summed over the batch) and writes the input gradient {@code dx [b, in, T]}.
     */
    NtmFastParams backward(double[] dLogits, double[] dx) {
        int steps = d.steps(), hs = d.hidden(), rm = d.reads() * d.width(), k = d.recurrentInputs();
        int g = d.gates(), ho = d.headOutputs(), heads = d.heads(), n = d.rows(), out = d.out(), f = d.features();
        int in = d.in(), tb = steps * batch;
        NtmFastParams grad = NtmFastParams.zeros(d);
        INDArray wh = NtmFastGemm.matrix(p.wh, k, g), headW = NtmFastGemm.matrix(p.headW, hs, ho);
        double[] dlp = new double[tb * out];                                                      // [T·b, out]
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    dlp[(t * batch + b) * out + o] = dLogits[(b * out + o) * steps + t];
                }
            }
        }
        clipBackward(logitPre, dlp);
        System.arraycopy(NtmFastGemm.mulTransposeA(NtmFastGemm.stack(features), tb, f, dlp, out), 0, grad.outW, 0,
                f * out);
        for (int i = 0; i < dlp.length; i++) {
            grad.outB[i % out] += dlp[i];
        }
        double[] dfeat = new double[tb * f];                                                      // [T·b, H + R·M]
        NtmFastGemm.mulAdd(dlp, tb, NtmFastGemm.matrix(p.outW, f, out), true, dfeat);
        double[][] dz = new double[steps][], draws = new double[steps][];
        double[] dMemNext = null;                                    // dL/dM_{t+1} (none after the last step)
        double[] dwCarry = new double[batch * heads * n];            // dL/dw_t from step t+1
        double[] dr = new double[batch * rm], dh = new double[batch * hs], dc = new double[batch * hs];
        double[] drCarry = new double[batch * rm], dhCarry = new double[batch * hs];
        double[] zeros = new double[batch * hs];
        for (int t = steps - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                int fo = (t * batch + b) * f;
                for (int j = 0; j < hs; j++) {
                    dh[b * hs + j] = dfeat[fo + j] + dhCarry[b * hs + j];
                }
                for (int j = 0; j < rm; j++) {
                    dr[b * rm + j] = dfeat[fo + hs + j] + drCarry[b * rm + j];
                }
            }
            double[] dmem = history.zeroedGradient(t, batch * d.cells());
            double[] dw = dwCarry.clone();
            double[] draw = new double[batch * ho];
            NtmFastAddressing.Step a = addressing[t];
            if (t < steps - 1) {
                NtmFastMemory.writeBackward(d, batch, mem[t], a.w, eraseAdd[t], dMemNext, dmem, dw, draw);
            }
            NtmFastMemory.readBackward(d, batch, a.w, mem[t], dr, dw, dmem);
            double[] wPrev = t == 0 ? NtmFastLinear.broadcast(w0, batch) : addressing[t - 1].w;
            NtmFastAddressing.backward(d, batch, a, mem[t], wPrev, dw, dwCarry, draw, dmem);
            clipBackward(rawPre[t], draw);
            draws[t] = draw;
            NtmFastGemm.mulAdd(draw, batch, headW, true, dh);
            dz[t] = NtmFastController.backward(d, batch, dh, dc, act[t], t == 0 ? zeros : c[t - 1], tanhC[t]);
            double[] du = new double[batch * k];
            NtmFastGemm.mulAdd(dz[t], batch, wh, true, du);                                       // [b, K]
            for (int b = 0; b < batch; b++) {
                System.arraycopy(du, b * k, drCarry, b * rm, rm);
                if (d.lstm()) {
                    System.arraycopy(du, b * k + rm, dhCarry, b * hs, hs);
                }
            }
            dMemNext = dmem;
        }
        double[] dzAll = NtmFastGemm.stack(dz), drawAll = NtmFastGemm.stack(draws);               // [T·b, ·]
        System.arraycopy(NtmFastGemm.mulTransposeA(NtmFastGemm.stack(u), tb, k, dzAll, g), 0, grad.wh, 0, k * g);
        System.arraycopy(NtmFastGemm.mulTransposeA(NtmFastGemm.stack(h), tb, hs, drawAll, ho), 0, grad.headW, 0,
                hs * ho);
        for (int i = 0; i < drawAll.length; i++) {
            grad.headB[i % ho] += drawAll[i];
        }
        inputGradients(dzAll, grad, dx);
        initialStateGradients(grad, drCarry, dwCarry, dMemNext);
        return grad;
    }

    /** {@code W_x}, {@code b} gradients and {@code dx [b, in, T]} from {@code dz [T·b, G]}. */
    private void inputGradients(double[] dzAll, NtmFastParams grad, double[] dx) {
        int steps = d.steps(), in = d.in(), g = d.gates(), tb = steps * batch;
        double[] xAll = new double[tb * in];                                                     // [T·b, in]
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < in; i++) {
                    xAll[(t * batch + b) * in + i] = x[(b * in + i) * steps + t];
                }
            }
        }
        System.arraycopy(NtmFastGemm.mulTransposeA(xAll, tb, in, dzAll, g), 0, grad.wx, 0, in * g);
        for (int i = 0; i < dzAll.length; i++) {
            grad.b[i % g] += dzAll[i];
        }
        double[] dxAll = new double[tb * in];
        NtmFastGemm.mulAdd(dzAll, tb, NtmFastGemm.matrix(p.wx, in, g), true, dxAll);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < in; i++) {
                    dx[(b * in + i) * steps + t] = dxAll[(t * batch + b) * in + i];
                }
            }
        }
    }

    /** Gradients of r_0, of the initial weighting logits (softmax backward) and of a LEARNED M_0. */
    private void initialStateGradients(NtmFastParams grad, double[] dr0, double[] dw0Batch, double[] dMem0) {
        int rm = d.reads() * d.width(), hn = d.heads() * d.rows(), cells = d.cells();
        double[] dw0 = new double[hn];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < rm; j++) {
                grad.readInit[j] += dr0[b * rm + j];
            }
            for (int j = 0; j < hn; j++) {
                dw0[j] += dw0Batch[b * hn + j];
            }
            if (grad.memoryInit != null) {
                for (int j = 0; j < cells; j++) {
                    grad.memoryInit[j] += dMem0[b * cells + j];
                }
            }
        }
        for (int hh = 0; hh < d.heads(); hh++) {
            NtmFastLinear.softmaxBackward(w0, dw0, hh * d.rows(), d.rows());
        }
        System.arraycopy(dw0, 0, grad.weightingInit, 0, hn);
    }
}
