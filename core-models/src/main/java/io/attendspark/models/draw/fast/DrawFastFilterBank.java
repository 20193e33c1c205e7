package io.attendspark.models.draw.fast;

/**
 * DRAW's Gaussian filterbank attention (Gregor et al., arXiv:1502.04623v2, §3.2, eqs. (19)–(29)) for
 * one head, as {@code DrawFilterBank}, with its backward pass. The head's five parameters
 * (g̃_X, g̃_Y, log σ², log δ̃, log γ) are columns {@code col..col+4} of the head output
 * {@code [b, S]}. Pixel coordinates are 1..A (g̃ = 0 is the centre (A+1)/2); rows are normalised by
 * Σ_a + {@link #EPS}; with N = 1 the stride factor (max(A,B) − 1)/(N − 1) is 0.
 *
 * <p>Filters are row-major: F_X {@code [b, N, A]}, F_Y {@code [b, N, B]} (A = width, B = height).
 */
final class DrawFastFilterBank {

    /** Added to every row sum before normalising (as {@code DrawFilterBank.EPS}). */
    static final double EPS = 1e-8;

    private DrawFastFilterBank() {
    }

    /** One head's filterbanks for a batch, with what the backward pass needs. */
    static final class Head {
        final int n, batch, height, width, col;
        final double[] fx, fy;          // normalised filters [b, N, A], [b, N, B]
        final double[] denX, denY;      // Σ_a f + EPS per row [b, N]
        final double[] muX, muY;        // grid centres [b, N]
        final double[] prec;            // 1/(2σ²) [b]
        final double[] deltaTilde;      // δ̃ = exp(log δ̃) [b]
        final double[] gamma;           // γ = exp(log γ) [b]

        private Head(int n, int batch, int height, int width, int col) {
            this.n = n;
            this.batch = batch;
            this.height = height;
            this.width = width;
            this.col = col;
            fx = new double[batch * n * width];
            fy = new double[batch * n * height];
            denX = new double[batch * n];
            denY = new double[batch * n];
            muX = new double[batch * n];
            muY = new double[batch * n];
            prec = new double[batch];
            deltaTilde = new double[batch];
            gamma = new double[batch];
        }
    }

    private static double strideFactor(int n, int height, int width) {
        return n > 1 ? (Math.max(height, width) - 1.0) / (n - 1) : 0.0;                  // eq. (21) factor
    }

    /** Offset (i − N/2 − 0.5) of grid point i (1-based i = k + 1), eqs. (22)-(23). */
    private static double offset(int k, int n) {
        return k + 1 - n / 2.0 - 0.5;
    }

    /**
     * Σ_i x[xo+i]·y[yo+i] for i < len, in four interleaved partial sums: a single running sum waits
     * for each add to finish (the JIT may not reorder floating-point adds), four keep the adder busy.
     * The filterbank passes are mostly such short dot products (length A or B).
     */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += x[xo + i] * y[yo + i];
            s1 += x[xo + i + 1] * y[yo + i + 1];
            s2 += x[xo + i + 2] * y[yo + i + 2];
            s3 += x[xo + i + 3] * y[yo + i + 3];
        }
        for (; i < len; i++) {
            s0 += x[xo + i] * y[yo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The filterbanks of the head in columns {@code col..col+4} of {@code head [b, s]}. */
    static Head forward(int n, int height, int width, double[] head, int s, int col, int batch) {
        Head h = new Head(n, batch, height, width, col);
        double stride = strideFactor(n, height, width);
        double cx = (width + 1) / 2.0, cy = (height + 1) / 2.0;
        for (int b = 0; b < batch; b++) {
            int o = b * s + col;
            double gxT = head[o], gyT = head[o + 1], logSigma2 = head[o + 2], logDeltaT = head[o + 3];
            double dt = Math.exp(logDeltaT);
            h.deltaTilde[b] = dt;
            h.gamma[b] = Math.exp(head[o + 4]);                                            // γ, eq. (27)
            double prec = Math.exp(-logSigma2 + Math.log(0.5));                            // 1/(2σ²)
            h.prec[b] = prec;
            for (int k = 0; k < n; k++) {
                double shift = offset(k, n) * stride * dt;                                 // (i − N/2 − 0.5)δ, eq. (21)
                double mx = (cx * gxT + shift) + cx;                                       // eqs. (19), (22)
                double my = (cy * gyT + shift) + cy;                                       // eqs. (20), (23)
                h.muX[b * n + k] = mx;
                h.muY[b * n + k] = my;
                h.denX[b * n + k] = filterRow(h.fx, (b * n + k) * width, width, mx, prec);  // eq. (25)
                h.denY[b * n + k] = filterRow(h.fy, (b * n + k) * height, height, my, prec); // eq. (26)
            }
        }
        return h;
    }

    /** Writes exp(−(a − μ)²/(2σ²)) / (Σ + EPS) for a = 1..len at {@code off}; returns Σ + EPS. */
    private static double filterRow(double[] f, int off, int len, double mu, double prec) {
        double sum = 0;
        for (int a = 0; a < len; a++) {
            double d = (a + 1) - mu;
            double v = Math.exp(-(d * d * prec));
            f[off + a] = v;
            sum += v;
        }
        double den = sum + EPS;
        for (int a = 0; a < len; a++) {
            f[off + a] = f[off + a] / den;
        }
        return den;
    }

    /**
     * Backward: from the gradients of the normalised filters {@code dfx [b, N, A]}, {@code dfy [b, N, B]}
     * and of γ {@code dGamma [b]}, adds the gradients of the five head columns to {@code dHead [b, s]}.
     */
    static void backward(Head h, double[] dfx, double[] dfy, double[] dGamma, double[] dHead, int s) {
        int n = h.n;
        double stride = strideFactor(n, h.height, h.width);
        double cx = (h.width + 1) / 2.0, cy = (h.height + 1) / 2.0;
        double[] grad = new double[2];                                                     // {dμ, dprec} of a row
        for (int b = 0; b < h.batch; b++) {
            double prec = h.prec[b];
            double dGx = 0, dGy = 0, dPrec = 0, dShift = 0;
            for (int k = 0; k < n; k++) {
                rowBackward(h.fx, dfx, (b * n + k) * h.width, h.width, h.muX[b * n + k], prec, h.denX[b * n + k],
                        grad);
                dGx += cx * grad[0];
                dShift += offset(k, n) * grad[0];
                dPrec += grad[1];
                rowBackward(h.fy, dfy, (b * n + k) * h.height, h.height, h.muY[b * n + k], prec, h.denY[b * n + k],
                        grad);
                dGy += cy * grad[0];
                dShift += offset(k, n) * grad[0];
                dPrec += grad[1];
            }
            int o = b * s + h.col;
            dHead[o] += dGx;
            dHead[o + 1] += dGy;
            dHead[o + 2] += -prec * dPrec;                                                 // prec = ½ exp(−log σ²)
            dHead[o + 3] += dShift * stride * h.deltaTilde[b];                             // δ = stride · exp(log δ̃)
            dHead[o + 4] += dGamma[b] * h.gamma[b];                                        // γ = exp(log γ)
        }
    }

    /** {dμ, dprec} of one row F = f / (Σ f + EPS), f = exp(−(a − μ)² prec), from dF. */
    private static void rowBackward(double[] fNorm, double[] dF, int off, int len, double mu, double prec, double den,
                                    double[] out) {
        double dot = dot(dF, off, fNorm, off, len);
        double invDen = 1 / den;
        double dMu = 0, dPrec = 0;
        for (int a = 0; a < len; a++) {
            double df = (dF[off + a] - dot) * invDen;                                      // through 1/(Σ + EPS)
            double f = fNorm[off + a] * den;                                               // unnormalised
            double d = (a + 1) - mu;
            dMu += df * f * 2 * d * prec;
            dPrec -= df * f * d * d;
        }
        out[0] = dMu;
        out[1] = dPrec;
    }

    /**
     * read = γ [F_Y x F_Xᵀ, F_Y x̂ F_Xᵀ], eq. (27), for the images {@code x}, {@code xHat} [b, B·A]: writes
     * the glimpse <em>before</em> the factor γ to {@code raw [b, 2N²]} and γ·raw to {@code r} at row
     * stride {@code rs}, and the half-products F_Y x, F_Y x̂ to {@code p [b, 2, N, A]} (for {@link #readBackward}).
     */
    static void read(Head h, double[] x, double[] xHat, double[] raw, double[] r, int rs, double[] p) {
        int n = h.n, bh = h.height, a = h.width, n2 = n * n;
        for (int b = 0; b < h.batch; b++) {
            for (int img = 0; img < 2; img++) {
                double[] src = img == 0 ? x : xHat;
                glimpse(h, b, src, b * bh * a, p, (b * 2 + img) * n * a, raw, b * 2 * n2 + img * n2);
            }
            double g = h.gamma[b];
            for (int j = 0; j < 2 * n2; j++) {
                r[b * rs + j] = raw[b * 2 * n2 + j] * g;                                   // eq. (27)
            }
        }
    }

    /** (F_Y · img) · F_Xᵀ for example b into out[o .. o+N²), F_Y · img [N, A] into p[po ..). */
    private static void glimpse(Head h, int b, double[] img, int io, double[] p, int po, double[] out, int o) {
        int n = h.n, bh = h.height, a = h.width;
        java.util.Arrays.fill(p, po, po + n * a, 0);
        for (int i = 0; i < n; i++) {
            int fyo = (b * n + i) * bh;
            for (int y = 0; y < bh; y++) {
                double fv = h.fy[fyo + y];
                int ro = io + y * a;
                for (int xx = 0; xx < a; xx++) {
                    p[po + i * a + xx] += fv * img[ro + xx];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[o + i * n + j] = dot(p, po + i * a, h.fx, (b * n + j) * a, a);
            }
        }
    }

    /**
     * Backward of {@link #read}, with its glimpses {@code raw} and half-products {@code p}: from
     * {@code dr} (row stride {@code rs}) accumulates the filter and γ gradients into
     * {@code dfx, dfy, dGamma} and the image gradients into {@code dx, dxHat} [b, B·A].
     */
    static void readBackward(Head h, double[] x, double[] xHat, double[] raw, double[] p, double[] dr, int rs,
                             double[] dfx, double[] dfy, double[] dGamma, double[] dx, double[] dxHat) {
        int n = h.n, bh = h.height, a = h.width, n2 = n * n;
        double[] dp = new double[n * a];
        for (int b = 0; b < h.batch; b++) {
            double g = h.gamma[b];
            double dg = 0;
            for (int j = 0; j < 2 * n2; j++) {
                dg += dr[b * rs + j] * raw[b * 2 * n2 + j];
            }
            dGamma[b] += dg;
            for (int img = 0; img < 2; img++) {
                double[] src = img == 0 ? x : xHat;
                double[] dsrc = img == 0 ? dx : dxHat;
                int io = b * bh * a, go = b * rs + img * n2, po = (b * 2 + img) * n * a;   // p = F_Y · img [N, A]
                // G = p · F_Xᵀ, dG = γ dr: dp = dG · F_X, dF_X += dGᵀ · p
                java.util.Arrays.fill(dp, 0);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double dG = dr[go + i * n + j] * g;
                        if (dG == 0) {
                            continue;
                        }
                        int fxo = (b * n + j) * a;
                        for (int xx = 0; xx < a; xx++) {
                            dp[i * a + xx] += dG * h.fx[fxo + xx];
                            dfx[fxo + xx] += dG * p[po + i * a + xx];
                        }
                    }
                }
                // p = F_Y · img: dF_Y += dp · imgᵀ, dimg += F_Yᵀ · dp
                for (int i = 0; i < n; i++) {
                    int fyo = (b * n + i) * bh;
                    for (int y = 0; y < bh; y++) {
                        int ro = io + y * a;
                        double fv = h.fy[fyo + y];
                        double s = dot(dp, i * a, src, ro, a);
                        for (int xx = 0; xx < a; xx++) {
                            dsrc[ro + xx] += fv * dp[i * a + xx];
                        }
                        dfy[fyo + y] += s;
                    }
                }
            }
        }
    }

    /**
     * write = (1/γ̂) F̂_Yᵀ w F̂_X, eqs. (28)-(29), of the patches w (row-major N × N) in columns
     * {@code pc..pc+N²} of {@code head [b, s]}: adds the written image to {@code canvas [b, B·A]} and
     * stores (F̂_Yᵀ w) [b, B, N] in {@code q} and the image before 1/γ̂ in {@code img} [b, B·A].
     */
    static void write(Head h, double[] head, int s, int pc, double[] q, double[] img, double[] canvas) {
        int n = h.n, bh = h.height, a = h.width;
        for (int b = 0; b < h.batch; b++) {
            int wo = b * s + pc, qo = b * bh * n, io = b * bh * a;
            for (int y = 0; y < bh; y++) {
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int i = 0; i < n; i++) {
                        v += h.fy[(b * n + i) * bh + y] * head[wo + i * n + j];
                    }
                    q[qo + y * n + j] = v;
                }
            }
            double invG = 1 / h.gamma[b];
            for (int y = 0; y < bh; y++) {
                int ro = io + y * a;
                java.util.Arrays.fill(img, ro, ro + a, 0.0);
                for (int j = 0; j < n; j++) {                      // row y of (F̂_Yᵀ w) F̂_X, summed over j in order
                    double qv = q[qo + y * n + j];
                    int fxo = (b * n + j) * a;
                    for (int xx = 0; xx < a; xx++) {
                        img[ro + xx] += qv * h.fx[fxo + xx];
                    }
                }
                for (int xx = 0; xx < a; xx++) {
                    canvas[ro + xx] += img[ro + xx] * invG;                                // eq. (29)
                }
            }
        }
    }

    /**
     * Backward of {@link #write} from the canvas gradient {@code dOut [b, B·A]}: adds the patch
     * gradients to {@code dHead} (columns pc..) and accumulates the filter and γ gradients.
     */
    static void writeBackward(Head h, double[] head, int s, int pc, double[] q, double[] img, double[] dOut,
                              double[] dHead, double[] dfx, double[] dfy, double[] dGamma) {
        int n = h.n, bh = h.height, a = h.width;
        double[] dq = new double[bh * n], di = new double[a];
        for (int b = 0; b < h.batch; b++) {
            int wo = b * s + pc, qo = b * bh * n, io = b * bh * a;
            double invG = 1 / h.gamma[b];
            double dg = 0;
            for (int y = 0; y < bh; y++) {
                int ro = io + y * a;
                dg -= dot(dOut, ro, img, ro, a) * (invG * invG);  // out = img / γ̂
                for (int xx = 0; xx < a; xx++) {                   // di = d(F̂_Yᵀ w F̂_X) of row y
                    di[xx] = dOut[ro + xx] * invG;
                }
                for (int j = 0; j < n; j++) {                      // img = q F̂_X: dq = di F̂_Xᵀ, dF̂_X += qᵀ di
                    int fxo = (b * n + j) * a;
                    double qv = q[qo + y * n + j];
                    dq[y * n + j] = dot(di, 0, h.fx, fxo, a);
                    for (int xx = 0; xx < a; xx++) {
                        dfx[fxo + xx] += qv * di[xx];
                    }
                }
            }
            dGamma[b] += dg;
            // q = F_Yᵀ w: dw = F_Y · dq, dF_Y[i, y] += Σ_j w[i, j] dq[y, j]
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < bh; y++) {
                    double fv = h.fy[(b * n + i) * bh + y];
                    double s2 = 0;
                    for (int j = 0; j < n; j++) {
                        dHead[wo + i * n + j] += fv * dq[y * n + j];
                        s2 += head[wo + i * n + j] * dq[y * n + j];
                    }
                    dfy[(b * n + i) * bh + y] += s2;
                }
            }
        }
    }
}
