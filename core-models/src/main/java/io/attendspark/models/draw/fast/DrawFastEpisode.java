package io.attendspark.models.draw.fast;

import io.attendspark.models.math.Activations;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Random;

import static io.attendspark.models.math.Activations.sigmoid;

/**
 * One batch of DRAW (Gregor et al., arXiv:1502.04623v2) unrolled over T steps: the forward pass
 * of eqs. (3)–(8) and the loss of eqs. (9)–(12), keeping what backprop needs, and the backward pass.
 * Same recurrence as {@code DrawNetwork.define}: h^enc_0 = c^enc_0 = h^dec_0 = c^dec_0 = 0, canvas
 * c_0 = 0; the read window of step t is a linear function of h^dec_{t−1} (for t = 1 of h^dec_0 = 0,
 * i.e. the head bias); encoder input [r_t, h^dec_{t−1}, h^enc_{t−1}], decoder input [z_t, h^dec_{t−1}];
 * one head [D, S] gives write window, next read window and write patch (attention) or the canvas
 * update (no attention).
 *
 * <p>Arrays are row-major doubles; images {@code [b, H·W]}, noise {@code [b, T·Z]} (ε_t = columns
 * tZ..tZ+Z−1) or the constant FIXED stream. The loss gradient is that of the batch mean.
 */
final class DrawFastEpisode {

    private final DrawFastDims d;
    private final DrawFastParams p;
    private final DrawFastGemm gemm;
    private final int batch;
    private final boolean store;
    private final double[] x;                 // [b, P]
    private final double[][] eps;             // eps[t] = ε_t [b, Z]
    private final DrawFastGemm.Weight encW, qW, decW, headW;
    /**
     * Left operands of the forward products, per step (block t; block 0 only without store), also
     * the inputs of the weight gradients: encoder input [r_t, h^dec_{t−1}, h^enc_{t−1}] [b, R + D + E],
     * h^enc_t [b, E], decoder input [z_t, h^dec_{t−1}] [b, Z + D], h^dec_t [b, D].
     */
    private final DrawFastGemm.Stack encIn, hEnc, decIn, hDec;
    // per step (store only); readP holds the read's half-products F_Y x, F_Y x̂ [b, 2, N, A]
    private final double[][] sPrev, readRaw, readP, encAct, cEnc, tanhCEnc, q, sigma, decAct, cDec, tanhCDec, head,
            writeQ, writeImg;
    private final DrawFastFilterBank.Head[] readHead, writeHead;
    private double[] canvasT;                 // c_T [b, P]
    private final double[] lx, lz;            // per example L^x, L^z

    private DrawFastEpisode(DrawFastDims d, DrawFastParams p, DrawFastGemm gemm, int batch, double[] x,
                            double[] noise, boolean store) {
        int t = d.steps();
        this.d = d;
        this.p = p;
        this.gemm = gemm;
        this.batch = batch;
        this.store = store;
        this.x = x;
        this.eps = noise(d, batch, noise);
        encW = p.encW;
        qW = p.qW;
        decW = p.decW;
        headW = p.headW;
        int k = store ? t : 1;
        encIn = gemm.stack("encIn", k, batch, d.encIn());
        hEnc = gemm.stack("hEnc", k, batch, d.enc());
        decIn = gemm.stack("decIn", k, batch, d.decIn());
        hDec = gemm.stack("hDec", k, batch, d.dec());
        sPrev = new double[k][];
        readRaw = new double[k][];
        readP = new double[k][];
        encAct = new double[k][];
        cEnc = new double[k][];
        tanhCEnc = new double[k][];
        q = new double[k][];
        sigma = new double[k][];
        decAct = new double[k][];
        cDec = new double[k][];
        tanhCDec = new double[k][];
        head = new double[k][];
        writeQ = new double[k][];
        writeImg = new double[k][];
        readHead = new DrawFastFilterBank.Head[k];
        writeHead = new DrawFastFilterBank.Head[k];
        lx = new double[batch];
        lz = new double[batch];
    }

    /**
     * Runs the forward pass of {@code x [b, P]} with noise {@code [b, T·Z]} (null: the FIXED stream);
     * {@code store} keeps what {@link #backward} needs.
     */
    static DrawFastEpisode forward(DrawFastDims d, DrawFastParams p, DrawFastGemm gemm, int batch, double[] x,
                                   double[] noise, boolean store) {
        DrawFastEpisode e = new DrawFastEpisode(d, p, gemm, batch, x, noise, store);
        e.run();
        return e;
    }

    /** ε_t [b, Z] per step: columns of {@code noise}, or the FIXED stream (as {@code DrawNetwork.fixedNoise}). */
    private static double[][] noise(DrawFastDims d, int batch, double[] noise) {
        int z = d.latent(), steps = d.steps();
        double[][] out = new double[steps][batch * z];
        if (noise == null) {
            Random rng = new Random(DrawFastDims.FIXED_NOISE_SEED);
            for (int t = 0; t < steps; t++) {
                double[] v = new double[z];
                for (int j = 0; j < z; j++) {
                    v[j] = rng.nextGaussian();
                }
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(v, 0, out[t], b * z, z);
                }
            }
        } else {
            if (noise.length != batch * steps * z) {
                throw new IllegalArgumentException("draw noise must be [" + batch + ", " + steps * z + "]");
            }
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(noise, b * steps * z + t * z, out[t], b * z, z);
                }
            }
        }
        return out;
    }

    /** Per-example L^x (eq. 9). */
    double[] reconstruction() {
        return lx;
    }

    /** Per-example L^z (eq. 11). */
    double[] kl() {
        return lz;
    }

    /** Σ_batch (L^x + L^z). */
    double lossSum() {
        double s = 0;
        for (int b = 0; b < batch; b++) {
            s += lx[b] + lz[b];
        }
        return s;
    }

    /** σ(c_T) [b, P]. */
    double[] canvas() {
        double[] out = new double[canvasT.length];
        Activations.sigmoid(canvasT, 0, out, 0, out.length);
        return out;
    }

    /** {@code out [m, n]} = the bias {@code [n]} in every row; returns {@code out}. */
    private static double[] broadcast(double[] bias, int m, double[] out) {
        int n = bias.length;
        for (int i = 0; i < m; i++) {
            System.arraycopy(bias, 0, out, i * n, n);
        }
        return out;
    }

    private static double[] broadcast(double[] bias, int m) {
        int n = bias.length;
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(bias, 0, out, i * n, n);
        }
        return out;
    }

    private void run() {
        int steps = d.steps(), pix = d.pixels(), e = d.enc(), dd = d.dec(), z = d.latent(), s = d.head();
        int rd = d.read(), ei = d.encIn(), di = d.decIn();
        boolean att = d.attention();
        double[] canvas = new double[batch * pix];                                             // c_0 = 0
        double[] hE = new double[batch * e], cE = new double[batch * e];
        double[] hD = new double[batch * dd], cD = new double[batch * dd];
        DrawFastFilterBank.Head rh = att                                                      // from h^dec_0 = 0
                ? DrawFastFilterBank.forward(d.readN(), d.height(), d.width(), broadcast(p.headB, batch), s, 5, batch)
                : null;
        double[] kl = new double[batch];
        // scratch of one step, not kept: x̂_t, the encoder input, the encoder and decoder gates, the decoder input
        double[] xHat = new double[batch * pix], in = new double[batch * ei];
        double[] gates = new double[batch * 4 * e], dg = new double[batch * 4 * dd], dIn = new double[batch * di];
        for (int t = 0; t < steps; t++) {
            int k = store ? t : 0;
            double[] sp = new double[batch * pix];
            Activations.sigmoid(canvas, 0, sp, 0, sp.length);
            for (int i = 0; i < sp.length; i++) {
                xHat[i] = x[i] - sp[i];                                                        // eq. (3)
            }
            sPrev[k] = sp;
            // in = [r_t, h^dec_{t−1}, h^enc_{t−1}], every column written below
            if (att) {
                double[] raw = new double[batch * rd], fyImg = new double[batch * 2 * d.readN() * d.width()];
                DrawFastFilterBank.read(rh, x, xHat, raw, in, ei, fyImg);                      // eqs. (4), (27)
                readRaw[k] = raw;
                readP[k] = fyImg;
                readHead[k] = rh;
            } else {
                for (int b = 0; b < batch; b++) {                                              // eq. (17)
                    System.arraycopy(x, b * pix, in, b * ei, pix);
                    System.arraycopy(xHat, b * pix, in, b * ei + pix, pix);
                }
            }
            for (int b = 0; b < batch; b++) {
                System.arraycopy(hD, b * dd, in, b * ei + rd, dd);
                System.arraycopy(hE, b * e, in, b * ei + rd + dd, e);
            }
            encIn.put(k, in);
            broadcast(p.encB, batch, gates);
            gemm.mulAdd(encIn, k, encW, false, gates);
            double[] act = new double[batch * 4 * e], cNew = new double[batch * e], tc = new double[batch * e];
            double[] hNew = new double[batch * e];
            DrawFastLstm.forward(batch, e, gates, cE, act, cNew, tc, hNew);                    // eq. (5)
            encAct[k] = act;
            cEnc[k] = cNew;
            tanhCEnc[k] = tc;
            hEnc.put(k, hNew);
            hE = hNew;
            cE = cNew;
            double[] qt = broadcast(p.qB, batch);                                              // [b, 2Z] = (μ, log σ)
            gemm.mulAdd(hEnc, k, qW, false, qt);
            double[] sg = new double[batch * z];
            // dIn = [z_t, h^dec_{t−1}], every column written below
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < z; j++) {
                    double mu = qt[b * 2 * z + j], ls = qt[b * 2 * z + z + j];
                    double sv = Math.exp(ls);
                    sg[b * z + j] = sv;
                    dIn[b * di + j] = mu + sv * eps[t][b * z + j];                             // eq. (6): z = μ + σ ε
                    kl[b] += (mu * mu + Math.exp(ls * 2.0)) * 0.5 - ls - 0.5;                  // eq. (11)
                }
                System.arraycopy(hD, b * dd, dIn, b * di + z, dd);
            }
            q[k] = qt;
            sigma[k] = sg;
            decIn.put(k, dIn);
            broadcast(p.decB, batch, dg);
            gemm.mulAdd(decIn, k, decW, false, dg);
            double[] dAct = new double[batch * 4 * dd], cDn = new double[batch * dd], tcD = new double[batch * dd];
            double[] hDn = new double[batch * dd];
            DrawFastLstm.forward(batch, dd, dg, cD, dAct, cDn, tcD, hDn);                      // eq. (7)
            decAct[k] = dAct;
            cDec[k] = cDn;
            tanhCDec[k] = tcD;
            hDec.put(k, hDn);
            hD = hDn;
            cD = cDn;
            double[] hd = broadcast(p.headB, batch);                                           // [b, S]
            gemm.mulAdd(hDec, k, headW, false, hd);
            head[k] = hd;
            if (att) {
                DrawFastFilterBank.Head wh = DrawFastFilterBank.forward(d.writeN(), d.height(), d.width(), hd, s, 0,
                        batch);
                double[] qq = new double[batch * d.height() * d.writeN()], img = new double[batch * pix];
                DrawFastFilterBank.write(wh, hd, s, DrawFastDims.ATTN_COLUMNS, qq, img, canvas);  // eqs. (8), (28)-(29)
                writeHead[k] = wh;
                writeQ[k] = qq;
                writeImg[k] = img;
                if (t < steps - 1) {
                    rh = DrawFastFilterBank.forward(d.readN(), d.height(), d.width(), hd, s, 5, batch); // read of t+1
                }
            } else {
                for (int i = 0; i < canvas.length; i++) {
                    canvas[i] += hd[i];                                                        // eqs. (8), (18)
                }
            }
        }
        canvasT = canvas;
        for (int b = 0; b < batch; b++) {
            double l = 0;
            for (int i = b * pix; i < (b + 1) * pix; i++) {
                l += softplus(canvas[i]) - x[i] * canvas[i];                                   // eq. (9), stable
            }
            lx[b] = l;
            lz[b] = kl[b];
        }
    }

    static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }

    /**
     * Backward pass of the batch mean of L^x + L^z: writes the parameter gradients to {@code gradients}
     * (DL4J's gradient views, by {@link DrawFastParams} name) and the image gradient to {@code dx [b, P]}.
     */
    void backward(double[] dx, Map<String, INDArray> gradients) {
        if (!store) {
            throw new IllegalStateException("draw episode was run without keeping the forward pass");
        }
        int steps = d.steps(), pix = d.pixels(), e = d.enc(), dd = d.dec(), z = d.latent(), s = d.head();
        int rd = d.read(), ei = d.encIn(), di = d.decIn();
        boolean att = d.attention();
        double sc = 1.0 / batch;
        double[] dC = new double[batch * pix];                                                 // dL/dc_t
        for (int i = 0; i < dC.length; i++) {
            dC[i] = sc * (sigmoid(canvasT[i]) - x[i]);                                         // eq. (9)
            dx[i] = -sc * canvasT[i];
        }
        double[] dhDecCarry = new double[batch * dd], dhEncCarry = new double[batch * e];
        double[] dcEnc = new double[batch * e], dcDec = new double[batch * dd];
        double[] dReadAttn = new double[batch * 5];            // dL/d(head_t columns 5..9) from the read of t+1
        double[][] dEncG = new double[steps][], dDecG = new double[steps][], dQ = new double[steps][];
        double[][] dHead = new double[steps][];
        // left operands of the backward products, per step, also the δ of the weight gradients
        DrawFastGemm.Stack dHeadS = gemm.stack("dHead", steps, batch, s);
        DrawFastGemm.Stack dDecGS = gemm.stack("dDecGates", steps, batch, 4 * dd);
        DrawFastGemm.Stack dQS = gemm.stack("dQ", steps, batch, 2 * z);
        DrawFastGemm.Stack dEncGS = gemm.stack("dEncGates", steps, batch, 4 * e);
        double[] zerosE = new double[batch * e], zerosD = new double[batch * dd];
        // scratch of one step, not kept: dL/d(decoder input), dL/d(encoder input), x̂_t, dL/dx̂_t
        double[] dIn = new double[batch * di], dEIn = new double[batch * ei];
        double[] xHat = new double[batch * pix], dxHat = new double[batch * pix];
        for (int t = steps - 1; t >= 0; t--) {
            double[] dh = new double[batch * s];
            if (att) {
                DrawFastFilterBank.Head wh = writeHead[t];
                double[] dfx = new double[wh.fx.length], dfy = new double[wh.fy.length], dGamma = new double[batch];
                DrawFastFilterBank.writeBackward(wh, head[t], s, DrawFastDims.ATTN_COLUMNS, writeQ[t], writeImg[t],
                        dC, dh, dfx, dfy, dGamma);
                DrawFastFilterBank.backward(wh, dfx, dfy, dGamma, dh, s);
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(dReadAttn, b * 5, dh, b * s + 5, 5);
                }
            } else {
                System.arraycopy(dC, 0, dh, 0, dC.length);                                     // eq. (18)
            }
            dHead[t] = dh;
            dHeadS.put(t, dh);
            double[] dhDec = dhDecCarry.clone();
            gemm.mulAdd(dHeadS, t, headW, true, dhDec);
            double[] dg = DrawFastLstm.backward(batch, dd, dhDec, dcDec, decAct[t], t == 0 ? zerosD : cDec[t - 1],
                    tanhCDec[t]);
            dDecG[t] = dg;
            dDecGS.put(t, dg);
            java.util.Arrays.fill(dIn, 0);
            gemm.mulAdd(dDecGS, t, decW, true, dIn);                                           // [b, Z + D]
            double[] dq = new double[batch * 2 * z];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < z; j++) {
                    double dz = dIn[b * di + j];
                    double mu = q[t][b * 2 * z + j], ls = q[t][b * 2 * z + z + j];
                    dq[b * 2 * z + j] = dz + sc * mu;                                          // eqs. (6), (11)
                    dq[b * 2 * z + z + j] = dz * sigma[t][b * z + j] * eps[t][b * z + j]
                            + sc * (Math.exp(ls * 2.0) - 1.0);
                }
                System.arraycopy(dIn, b * di + z, dhDecCarry, b * dd, dd);
            }
            dQ[t] = dq;
            dQS.put(t, dq);
            double[] dhEnc = dhEncCarry;
            gemm.mulAdd(dQS, t, qW, true, dhEnc);
            double[] eg = DrawFastLstm.backward(batch, e, dhEnc, dcEnc, encAct[t], t == 0 ? zerosE : cEnc[t - 1],
                    tanhCEnc[t]);
            dEncG[t] = eg;
            dEncGS.put(t, eg);
            java.util.Arrays.fill(dEIn, 0);
            gemm.mulAdd(dEncGS, t, encW, true, dEIn);                                          // [b, R + D + E]
            dhEncCarry = new double[batch * e];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < dd; j++) {
                    dhDecCarry[b * dd + j] += dEIn[b * ei + rd + j];
                }
                System.arraycopy(dEIn, b * ei + rd + dd, dhEncCarry, b * e, e);
            }
            java.util.Arrays.fill(dxHat, 0);
            double[] sp = sPrev[t];
            if (att) {
                for (int i = 0; i < xHat.length; i++) {
                    xHat[i] = x[i] - sp[i];
                }
                DrawFastFilterBank.Head rh = readHead[t];
                double[] dfx = new double[rh.fx.length], dfy = new double[rh.fy.length], dGamma = new double[batch];
                DrawFastFilterBank.readBackward(rh, x, xHat, readRaw[t], readP[t], dEIn, ei, dfx, dfy, dGamma, dx,
                        dxHat);
                double[] dAttn = new double[batch * s];
                DrawFastFilterBank.backward(rh, dfx, dfy, dGamma, dAttn, s);
                dReadAttn = new double[batch * 5];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(dAttn, b * s + 5, dReadAttn, b * 5, 5);
                }
            } else {
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < pix; i++) {
                        dx[b * pix + i] += dEIn[b * ei + i];
                        dxHat[b * pix + i] = dEIn[b * ei + pix + i];
                    }
                }
            }
            for (int i = 0; i < dC.length; i++) {
                dx[i] += dxHat[i];                                                             // x̂ = x − σ(c_{t−1})
                dC[i] -= dxHat[i] * sp[i] * (1 - sp[i]);
            }
        }
        double[] headB = columnSums(dHead, s);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < 5; j++) {
                headB[5 + j] += dReadAttn[b * 5 + j];                  // read of step 1 from h^dec_0 = 0: the bias
            }
        }
        // weight gradients Σ_t inputᵀ_t δ_t: one gemm per weight over the [T·b, ·] stacks of all steps
        gemm.mulTransposeA(encIn, dEncGS, DrawFastParams.view(gradients, DrawFastParams.ENC_W));
        gemm.mulTransposeA(hEnc, dQS, DrawFastParams.view(gradients, DrawFastParams.Q_W));
        gemm.mulTransposeA(decIn, dDecGS, DrawFastParams.view(gradients, DrawFastParams.DEC_W));
        gemm.mulTransposeA(hDec, dHeadS, DrawFastParams.view(gradients, DrawFastParams.HEAD_W));
        DrawFastParams.put(gradients, DrawFastParams.ENC_B, columnSums(dEncG, 4 * e));
        DrawFastParams.put(gradients, DrawFastParams.Q_B, columnSums(dQ, 2 * z));
        DrawFastParams.put(gradients, DrawFastParams.DEC_B, columnSums(dDecG, 4 * dd));
        DrawFastParams.put(gradients, DrawFastParams.HEAD_B, headB);
    }

    /** Bias gradient Σ_t Σ_batch δ_t [n] of the per-step δ_t [b, n], summed in step, row, column order. */
    private static double[] columnSums(double[][] perStep, int n) {
        double[] sum = new double[n];
        for (double[] dOut : perStep) {
            for (int o = 0; o < dOut.length; o += n) {
                for (int j = 0; j < n; j++) {
                    sum[j] += dOut[o + j];
                }
            }
        }
        return sum;
    }
}
