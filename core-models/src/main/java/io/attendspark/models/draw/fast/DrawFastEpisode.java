package io.attendspark.models.draw.fast;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static io.attendspark.models.draw.fast.DrawFastLstm.sigmoid;

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
    private final INDArray encW, qW, decW, headW;
    // per step (store only)
    private final double[][] sPrev, readRaw, encIn, encAct, cEnc, tanhCEnc, hEnc, q, sigma, decIn, decAct, cDec,
            tanhCDec, hDec, head, writeQ, writeImg;
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
        encW = gemm.matrix(p.encW, d.encIn(), 4 * d.enc());
        qW = gemm.matrix(p.qW, d.enc(), 2 * d.latent());
        decW = gemm.matrix(p.decW, d.decIn(), 4 * d.dec());
        headW = gemm.matrix(p.headW, d.dec(), d.head());
        int k = store ? t : 1;
        sPrev = new double[k][];
        readRaw = new double[k][];
        encIn = new double[k][];
        encAct = new double[k][];
        cEnc = new double[k][];
        tanhCEnc = new double[k][];
        hEnc = new double[k][];
        q = new double[k][];
        sigma = new double[k][];
        decIn = new double[k][];
        decAct = new double[k][];
        cDec = new double[k][];
        tanhCDec = new double[k][];
        hDec = new double[k][];
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
        for (int i = 0; i < out.length; i++) {
            out[i] = sigmoid(canvasT[i]);
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
        for (int t = 0; t < steps; t++) {
            int k = store ? t : 0;
            double[] sp = new double[batch * pix], xHat = new double[batch * pix];
            for (int i = 0; i < sp.length; i++) {
                sp[i] = sigmoid(canvas[i]);
                xHat[i] = x[i] - sp[i];                                                        // eq. (3)
            }
            sPrev[k] = sp;
            double[] in = new double[batch * ei];                                              // [r_t, h^dec, h^enc]
            if (att) {
                double[] raw = new double[batch * rd];
                DrawFastFilterBank.read(rh, x, xHat, raw, in, ei);                             // eqs. (4), (27)
                readRaw[k] = raw;
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
            encIn[k] = in;
            double[] gates = broadcast(p.encB, batch);
            gemm.mulAdd(in, batch, encW, false, gates);
            double[] act = new double[batch * 4 * e], cNew = new double[batch * e], tc = new double[batch * e];
            double[] hNew = new double[batch * e];
            DrawFastLstm.forward(batch, e, gates, cE, act, cNew, tc, hNew);                    // eq. (5)
            encAct[k] = act;
            cEnc[k] = cNew;
            tanhCEnc[k] = tc;
            hEnc[k] = hNew;
            hE = hNew;
            cE = cNew;
            double[] qt = broadcast(p.qB, batch);                                              // [b, 2Z] = (μ, log σ)
            gemm.mulAdd(hE, batch, qW, false, qt);
            double[] sg = new double[batch * z];
            double[] dIn = new double[batch * di];                                             // [z_t, h^dec]
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
            decIn[k] = dIn;
            double[] dg = broadcast(p.decB, batch);
            gemm.mulAdd(dIn, batch, decW, false, dg);
            double[] dAct = new double[batch * 4 * dd], cDn = new double[batch * dd], tcD = new double[batch * dd];
            double[] hDn = new double[batch * dd];
            DrawFastLstm.forward(batch, dd, dg, cD, dAct, cDn, tcD, hDn);                      // eq. (7)
            decAct[k] = dAct;
            cDec[k] = cDn;
            tanhCDec[k] = tcD;
            hDec[k] = hDn;
            hD = hDn;
            cD = cDn;
            double[] hd = broadcast(p.headB, batch);                                           // [b, S]
            gemm.mulAdd(hD, batch, headW, false, hd);
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
     * Backward pass of the batch mean of L^x + L^z: returns the parameter gradients and writes the
     * image gradient to {@code dx [b, P]}.
     */
    DrawFastParams backward(double[] dx) {
        if (!store) {
            throw new IllegalStateException("draw episode was run without keeping the forward pass");
        }
        int steps = d.steps(), pix = d.pixels(), e = d.enc(), dd = d.dec(), z = d.latent(), s = d.head();
        int rd = d.read(), ei = d.encIn(), di = d.decIn();
        boolean att = d.attention();
        double sc = 1.0 / batch;
        DrawFastParams grad = DrawFastParams.zeros(d);
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
        double[] zerosE = new double[batch * e], zerosD = new double[batch * dd];
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
            double[] dhDec = dhDecCarry.clone();
            gemm.mulAdd(dh, batch, headW, true, dhDec);
            double[] dg = DrawFastLstm.backward(batch, dd, dhDec, dcDec, decAct[t], t == 0 ? zerosD : cDec[t - 1],
                    tanhCDec[t]);
            dDecG[t] = dg;
            double[] dIn = new double[batch * di];
            gemm.mulAdd(dg, batch, decW, true, dIn);                                           // [b, Z + D]
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
            double[] dhEnc = dhEncCarry;
            gemm.mulAdd(dq, batch, qW, true, dhEnc);
            double[] eg = DrawFastLstm.backward(batch, e, dhEnc, dcEnc, encAct[t], t == 0 ? zerosE : cEnc[t - 1],
                    tanhCEnc[t]);
            dEncG[t] = eg;
            double[] dEIn = new double[batch * ei];
            gemm.mulAdd(eg, batch, encW, true, dEIn);                                          // [b, R + D + E]
            dhEncCarry = new double[batch * e];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < dd; j++) {
                    dhDecCarry[b * dd + j] += dEIn[b * ei + rd + j];
                }
                System.arraycopy(dEIn, b * ei + rd + dd, dhEncCarry, b * e, e);
            }
            double[] xHat = new double[batch * pix], dxHat = new double[batch * pix];
            double[] sp = sPrev[t];
            if (att) {
                for (int i = 0; i < xHat.length; i++) {
                    xHat[i] = x[i] - sp[i];
                }
                DrawFastFilterBank.Head rh = readHead[t];
                double[] dfx = new double[rh.fx.length], dfy = new double[rh.fy.length], dGamma = new double[batch];
                DrawFastFilterBank.readBackward(rh, x, xHat, readRaw[t], dEIn, ei, dfx, dfy, dGamma, dx, dxHat);
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
        weightGradients(grad, dEncG, dDecG, dQ, dHead);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < 5; j++) {
                grad.headB[5 + j] += dReadAttn[b * 5 + j];             // read of step 1 from h^dec_0 = 0: the bias
            }
        }
        return grad;
    }

    /** Weight and bias gradients, one gemm per weight over all T steps ([T·b, ·] stacks). */
    private void weightGradients(DrawFastParams grad, double[][] dEncG, double[][] dDecG, double[][] dQ,
                                 double[][] dHead) {
        int tb = d.steps() * batch, e = d.enc(), dd = d.dec(), z = d.latent(), s = d.head();
        copyAndBias(grad.encW, grad.encB, DrawFastGemm.stack(encIn), d.encIn(), DrawFastGemm.stack(dEncG), 4 * e, tb);
        copyAndBias(grad.qW, grad.qB, DrawFastGemm.stack(hEnc), e, DrawFastGemm.stack(dQ), 2 * z, tb);
        copyAndBias(grad.decW, grad.decB, DrawFastGemm.stack(decIn), d.decIn(), DrawFastGemm.stack(dDecG), 4 * dd, tb);
        copyAndBias(grad.headW, grad.headB, DrawFastGemm.stack(hDec), dd, DrawFastGemm.stack(dHead), s, tb);
    }

    private void copyAndBias(double[] w, double[] bias, double[] in, int k, double[] dOut, int n, int rows) {
        System.arraycopy(gemm.mulTransposeA(in, rows, k, dOut, n), 0, w, 0, k * n);
        for (int i = 0; i < dOut.length; i++) {
            bias[i % n] += dOut[i];
        }
    }
}
