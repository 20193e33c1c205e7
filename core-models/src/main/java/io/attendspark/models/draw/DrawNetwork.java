package io.attendspark.models.draw;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The DRAW recurrence (Gregor et al., arXiv:1502.04623v2, §2, eqs. (3)–(8)) and its loss (eqs. (9)–(12)),
 * unrolled over T steps in SameDiff; and the decoder alone for generation (§2.3). Shared by
 * {@link DrawLayer} (training) and {@link DrawModels} (bound, generation).
 *
 * <p>Parameters: encoder LSTM {@code encW} [read + D + E, 4E], {@code encb} [4E]; Q(Z_t | h^enc)
 * {@code qW} [E, 2Z], {@code qb} [2Z] (μ, log σ); decoder LSTM {@code decW} [Z + D, 4D], {@code decb};
 * one output head {@code headW} [D, S], {@code headb} [S] holding everything computed from h^dec_t:
 * with attention S = 5 (write window) + 5 (read window of step t+1) + writeN² (write patch w_t),
 * without S = H·W (the canvas update). LSTM gate order i, f, g, o; h_0 = c_0 = 0, canvas c_0 = 0.
 *
 * <p><b>Deviations from the paper.</b> The read window of step t+1 is a linear function of h^dec_t,
 * exactly as eq. (4) says (read uses h^dec_{t−1}), but it shares the matmul with the write head.
 * LSTMs without peepholes. All states start at zero (not learned).
 */
final class DrawNetwork implements Serializable {

    static final String ENC_W = "encW", ENC_B = "encb", Q_W = "qW", Q_B = "qb";
    static final String DEC_W = "decW", DEC_B = "decb", HEAD_W = "headW", HEAD_B = "headb";
    /** Columns of the head output before the write patch: write window, then the next read window. */
    static final int ATTN_COLUMNS = 10;
    /** Seed of the FIXED noise stream. */
    static final long FIXED_NOISE_SEED = 20150216L;

    private final DrawConfig c;

    DrawNetwork(DrawConfig c) {
        this.c = c;
    }

    int pixels() {
        return c.height() * c.width();
    }

    int readSize() {
        return c.attention() ? 2 * c.readN() * c.readN() : 2 * pixels();
    }

    int headSize() {
        return c.attention() ? ATTN_COLUMNS + c.writeN() * c.writeN() : pixels();
    }

    /** Parameter shapes in a fixed order (weights then biases). */
    Map<String, long[]> weightShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        int e = c.encoderSize(), d = c.decoderSize(), z = c.latentSize();
        m.put(ENC_W, new long[]{readSize() + d + e, 4L * e});
        m.put(Q_W, new long[]{e, 2L * z});
        m.put(DEC_W, new long[]{z + d, 4L * d});
        m.put(HEAD_W, new long[]{d, headSize()});
        return m;
    }

    Map<String, long[]> biasShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put(ENC_B, new long[]{4L * c.encoderSize()});
        m.put(Q_B, new long[]{2L * c.latentSize()});
        m.put(DEC_B, new long[]{4L * c.decoderSize()});
        m.put(HEAD_B, new long[]{headSize()});
        return m;
    }

    long parameterCount() {
        long n = 0;
        for (long[] s : weightShapes().values()) {
            n += s[0] * s[1];
        }
        for (long[] s : biasShapes().values()) {
            n += s[0];
        }
        return n;
    }

    /** Per-example loss terms and the final canvas of the inference network. */
    record Outputs(SDVariable reconstruction, SDVariable kl, SDVariable canvas) {
    }

    /**
     * The full encoder/decoder unroll on {@code x} [mb, H·W] (binary) with reparameterisation noise
     * {@code noise} [mb, T·Z] (ε_t = columns tZ..tZ+Z−1), or {@code null} for the FIXED noise of the
     * config. Names: {@code reconstruction} [mb] = L^x, {@code kl} [mb] = L^z, {@code canvas}
     * [mb, H·W] = σ(c_T).
     */
    Outputs define(SameDiff sd, SDVariable x, SDVariable noise, Map<String, SDVariable> p) {
        DataType type = x.dataType();
        int e = c.encoderSize(), d = c.decoderSize(), z = c.latentSize();
        SDVariable zerosE = x.mmul(sd.constant(Nd4j.zeros(type, pixels(), e)));           // [mb, E]
        SDVariable zerosD = x.mmul(sd.constant(Nd4j.zeros(type, pixels(), d)));           // [mb, D]
        SDVariable[] fixedEps = noise == null ? fixedNoise(sd, type) : null;
        SDVariable x3 = sd.reshape(x, -1, c.height(), c.width());                         // [mb, B, A]
        DrawFilterBank fb = c.attention()
                ? new DrawFilterBank(sd, "fb", type, new int[]{c.writeN(), c.readN()}, c.height(), c.width()) : null;

        SDVariable hEnc = zerosE, cEnc = zerosE, hDec = zerosD, cDec = zerosD;
        SDVariable canvas = x.mul(0.0);                                                    // c_0 = 0
        SDVariable head = hDec.mmul(p.get(HEAD_W)).add(p.get(HEAD_B));                    // from h^dec_0
        DrawFilterBank.Head[] att = fb == null ? null : fb.define(attention(sd, head));
        List<SDVariable> mus = new ArrayList<>(), logSigmas = new ArrayList<>();
        for (int t = 0; t < c.steps(); t++) {
            SDVariable xHat = x.sub(sd.nn().sigmoid(canvas));                             // eq. (3)
            SDVariable r = fb == null ? sd.concat(1, x, xHat)                              // eq. (17)
                    : fb.read(att[1], x3, sd.reshape(xHat, -1, c.height(), c.width()));  // eq. (4), (27)
            SDVariable[] enc = lstm(sd, new SDVariable[]{r, hDec}, hEnc, cEnc, p.get(ENC_W), p.get(ENC_B), e); // eq. (5)
            hEnc = enc[0];
            cEnc = enc[1];
            SDVariable q = hEnc.mmul(p.get(Q_W)).add(p.get(Q_B));                         // [mb, 2Z]
            SDVariable mu = sd.slice(q, new int[]{0, 0}, -1, z);                           // eq. (6)
            SDVariable logSigma = sd.slice(q, new int[]{0, z}, -1, z);
            SDVariable eps = fixedEps != null ? fixedEps[t] : sd.slice(noise, new int[]{0, t * z}, -1, z); // [mb, Z]
            SDVariable zt = mu.add(sd.math().exp(logSigma).mul(eps));                      // z_t = μ + σ ε
            mus.add(mu);
            logSigmas.add(logSigma);
            SDVariable[] dec = lstm(sd, new SDVariable[]{zt}, hDec, cDec, p.get(DEC_W), p.get(DEC_B), d); // eq. (7)
            hDec = dec[0];
            cDec = dec[1];
            head = hDec.mmul(p.get(HEAD_W)).add(p.get(HEAD_B));                           // [mb, S]
            att = fb == null ? null : fb.define(attention(sd, head));                      // windows of t, t+1
            canvas = canvas.add(write(sd, fb, head, att));                                 // eq. (8)
        }
        SDVariable lx = sd.nn().softplus(canvas).sub(x.mul(canvas)).sum("reconstruction", 1); // eq. (9), stable
        SDVariable mu = sd.concat(1, mus.toArray(new SDVariable[0]));                      // [mb, T·Z]
        SDVariable ls = sd.concat(1, logSigmas.toArray(new SDVariable[0]));                // [mb, T·Z]
        SDVariable lz = mu.mul(mu).add(sd.math().exp(ls.mul(2.0))).mul(0.5).sub(ls).sub(0.5)
                .sum("kl", 1);                                                              // eq. (11)
        return new Outputs(lx, lz, sd.nn().sigmoid("canvas", canvas));
    }

    /** The generator's outputs: σ(c_t) [n, H·W] and, with attention, the write window [n, 3] per step. */
    record Generated(List<SDVariable> canvases, List<SDVariable> windows) {
    }

    /** The decoder alone, driven by {@code zs[t]} [n, Z] (§2.3). */
    Generated defineGenerator(SameDiff sd, Map<String, SDVariable> p, SDVariable[] zs, int n) {
        DataType type = zs[0].dataType();
        int d = c.decoderSize();
        SDVariable hDec = sd.constant(Nd4j.zeros(type, n, d)), cDec = hDec;
        SDVariable canvas = sd.constant(Nd4j.zeros(type, n, pixels()));
        DrawFilterBank fb = c.attention()
                ? new DrawFilterBank(sd, "fb", type, new int[]{c.writeN(), c.readN()}, c.height(), c.width()) : null;
        List<SDVariable> canvases = new ArrayList<>(), windows = new ArrayList<>();
        for (int t = 0; t < c.steps(); t++) {
            SDVariable[] dec = lstm(sd, new SDVariable[]{zs[t]}, hDec, cDec, p.get(DEC_W), p.get(DEC_B), d);
            hDec = dec[0];
            cDec = dec[1];
            SDVariable head = hDec.mmul(p.get(HEAD_W)).add(p.get(HEAD_B));
            canvas = canvas.add(write(sd, fb, head, fb == null ? null : fb.define(attention(sd, head))));
            canvases.add(sd.nn().sigmoid("canvas" + t, canvas));
            if (fb != null) {
                windows.add(sd.identity("window" + t, DrawFilterBank.window(sd, attention(sd, head), 2, 0,
                        c.writeN(), c.height(), c.width())));
            }
        }
        return new Generated(canvases, windows);
    }

    private SDVariable write(SameDiff sd, DrawFilterBank fb, SDVariable head, DrawFilterBank.Head[] att) {
        if (fb == null) {
            return head;                                                                   // eq. (18)
        }
        int n2 = c.writeN() * c.writeN();
        return fb.write(att[0], sd.slice(head, new int[]{0, ATTN_COLUMNS}, -1, n2));     // eq. (28)-(29)
    }

    private static SDVariable attention(SameDiff sd, SDVariable head) {
        return sd.slice(head, new int[]{0, 0}, -1, ATTN_COLUMNS);                          // [mb, 10]
    }

    /** One LSTM step (no peepholes) on [inputs..., h], gates i, f, g, o from one matmul: returns {h, c}. */
    private static SDVariable[] lstm(SameDiff sd, SDVariable[] inputs, SDVariable h, SDVariable cell, SDVariable w,
                                     SDVariable b, int size) {
        SDVariable[] all = java.util.Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = h;
        SDVariable gates = sd.concat(1, all).mmul(w).add(b);                               // [mb, 4H]
        SDVariable sig = sd.nn().sigmoid(gates);
        SDVariable i = sd.slice(sig, new int[]{0, 0}, -1, size);
        SDVariable f = sd.slice(sig, new int[]{0, size}, -1, size);
        SDVariable o = sd.slice(sig, new int[]{0, 3 * size}, -1, size);
        SDVariable g = sd.math().tanh(sd.slice(gates, new int[]{0, 2 * size}, -1, size));
        SDVariable cNext = f.mul(cell).add(i.mul(g));
        return new SDVariable[]{o.mul(sd.math().tanh(cNext)), cNext};
    }

    /**
     * FIXED noise: ε_t [1, Z] from a constant stream (not the weight seed, so that models that differ
     * only in their parameters see the same ε), the same for every example.
     */
    private SDVariable[] fixedNoise(SameDiff sd, DataType type) {
        Random rng = new Random(FIXED_NOISE_SEED);
        SDVariable[] eps = new SDVariable[c.steps()];
        for (int t = 0; t < c.steps(); t++) {
            double[] v = new double[c.latentSize()];
            for (int j = 0; j < v.length; j++) {
                v[j] = rng.nextGaussian();
            }
            eps[t] = sd.constant(Nd4j.create(v).reshape(1, v.length).castTo(type));
        }
        return eps;
    }

    /** {@code v} forward, gradient of {@code mean} backward (DL4J divides the score by mb, not the gradient). */
    static SDVariable sumWithMeanGradient(SameDiff sd, String name, SDVariable perExample) {
        SDVariable sum = perExample.sum();
        SDVariable mean = perExample.mean();
        SDVariable held = new StopGradient(sd, sum.sub(mean)).outputVariable();
        return mean.add(name, held);
    }
}
