package io.attendspark.models.stn.fast;

import io.attendspark.models.stn.AffineGridGenerator;
import io.attendspark.models.stn.BilinearSampler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Grid generator (eq. (1)) and bilinear sampler (eqs. (3)–(5)) of the spatial transformer
 * (Jaderberg et al., "Spatial Transformer Networks", arXiv:1506.02025v3, §3.2–3.3) as a gather of
 * 4 taps per output pixel in plain Java, double precision, with the gradients of eqs. (6)–(7)
 * w.r.t. U and θ. Holds the constant grid and, from the last forward, U (padded) and every output
 * pixel's taps.
 *
 * <p>Same numbers as {@link AffineGridGenerator} + {@link BilinearSampler}: the source column is
 * {@code m = θ·G_m + (W−1)/2} and the row {@code n = θ·G_n + (H−1)/2} with the same constant grid
 * ({@link AffineGridGenerator#pixelGrid}), so identity θ lands exactly on pixel centres. With
 * {@code c0 = floor(c)} and {@code f = c − c0} the kernel of eq. (5) is {@code 1 − f} at c0 and
 * {@code f} at c0 + 1, and taps outside U read the background b: {@code V = Σ_taps k_y·k_x·U'} with
 * {@code U' = b} outside, which equals the SameDiff form {@code Σ U·k_y·k_x + b·(1 − Σk_y·Σk_x)}.
 * Its derivative w.r.t. a coordinate is the one-sided difference (value at c0 + 1 minus value at
 * c0, b for taps outside), the sub-gradient {@link BilinearSampler} takes, so θ gets a gradient
 * even at the identity start.
 *
 * <p>U' is held as U with a border of 2 background pixels on every side and every tap's c0 clamped
 * to [−2, size]: a clamped pair of taps lies wholly outside U, where both read b, so values and
 * derivatives are unchanged and the gather needs no bounds checks.
 */
final class StnFastSampler {

    private static final int PAD = 2;

    private final StnFastDims d;
    private final double background;
    /** Per output pixel p: {@code G_m[0..1][p]} and {@code G_n[3..4][p]} of {@link AffineGridGenerator#pixelGrid}. */
    private final double[] xm, ym, xn, yn;
    /** {@code G_m[2][·] = W/2} and {@code G_n[5][·] = H/2}. */
    private final double halfW, halfH;
    private final int padW, padPlane;

    private int batch;
    private double[] padded;     // [N, C, H+4, W+4]: U' of the last forward
    private int[] corner;        // [N, P'] offset of tap (c0_y, c0_x) in a padded plane
    private double[] fx, fy;     // [N, P'] fractional parts of the source coordinates

    StnFastSampler(StnFastDims d, double background) {
        this.d = d;
        this.background = background;
        INDArray[] g = AffineGridGenerator.pixelGrid(d.height(), d.width(), d.outH(), d.outW(), DataType.DOUBLE);
        this.xm = g[0].getRow(0).toDoubleVector();
        this.ym = g[0].getRow(1).toDoubleVector();
        this.halfW = g[0].getDouble(2, 0);
        this.xn = g[1].getRow(3).toDoubleVector();
        this.yn = g[1].getRow(4).toDoubleVector();
        this.halfH = g[1].getDouble(5, 0);
        this.padW = d.width() + 2 * PAD;
        this.padPlane = (d.height() + 2 * PAD) * padW;
    }

    /**
     * {@code V = sample(U; grid(θ))}.
     *
     * @param theta {@code [N, 6]} row-major 2×3 affine parameters per example
     * @param u     {@code [N, C, H, W]}
     * @return V {@code [N, C, H', W']}
     */
    double[] forward(double[] theta, double[] u, int batch) {
        int p = d.outPixels(), channels = d.channels(), h = d.height(), w = d.width();
        if (theta.length != 6 * batch || u.length != batch * d.imageSize()) {
            throw new IllegalArgumentException("stn sampler expects θ [" + batch + ", 6] and U [" + batch + ", "
                    + channels + ", " + h + ", " + w + "] but got " + theta.length + " and " + u.length + " values");
        }
        if (batch != this.batch || padded == null) {
            this.batch = batch;
            padded = new double[batch * channels * padPlane];
            corner = new int[batch * p];
            fx = new double[batch * p];
            fy = new double[batch * p];
            java.util.Arrays.fill(padded, background);                 // the border keeps b; the inside is U
        }
        for (int plane = 0; plane < batch * channels; plane++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(u, (plane * h + y) * w, padded, plane * padPlane + (y + PAD) * padW + PAD, w);
            }
        }
        double cm = (w - 1) / 2.0, cn = (h - 1) / 2.0;
        for (int b = 0; b < batch; b++) {
            int t = 6 * b;
            for (int k = 0; k < p; k++) {
                double m = theta[t] * xm[k] + theta[t + 1] * ym[k] + theta[t + 2] * halfW + cm;        // eq. (1)
                double n = theta[t + 3] * xn[k] + theta[t + 4] * yn[k] + theta[t + 5] * halfH + cn;    // eq. (1)
                double x0 = Math.floor(m), y0 = Math.floor(n);
                fx[b * p + k] = m - x0;                                  // weight of column c0 + 1, eq. (5)
                fy[b * p + k] = n - y0;
                int x = (int) Math.max(-PAD, Math.min(w, x0)), y = (int) Math.max(-PAD, Math.min(h, y0));
                corner[b * p + k] = (y + PAD) * padW + x + PAD;
            }
        }
        double[] v = new double[batch * channels * p];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int plane = (b * channels + c) * padPlane, out = (b * channels + c) * p;
                for (int k = 0; k < p; k++) {
                    int i = plane + corner[b * p + k];
                    double wx1 = fx[b * p + k], wx0 = 1 - wx1, wy1 = fy[b * p + k], wy0 = 1 - wy1;
                    // eqs. (3)-(5): Σ_n Σ_m U'_nm · k_y(n) · k_x(m) over the 4 non-zero taps
                    v[out + k] = wy0 * (wx0 * padded[i] + wx1 * padded[i + 1])
                            + wy1 * (wx0 * padded[i + padW] + wx1 * padded[i + padW + 1]);
                }
            }
        }
        return v;
    }

    /**
     * Gradients of the last forward given {@code dv = ∂L/∂V} {@code [N, C, H', W']}: adds
     * {@code ∂L/∂U} to {@code du} {@code [N, C, H, W]} (unless it is null) and returns {@code ∂L/∂θ} {@code [N, 6]}.
     */
    double[] backward(double[] dv, double[] du) {
        int p = d.outPixels(), channels = d.channels(), h = d.height(), w = d.width();
        if (padded == null) {
            throw new IllegalStateException("stn sampler backward called before any forward");
        }
        if (dv.length != batch * channels * p || (du != null && du.length != batch * d.imageSize())) {
            throw new IllegalArgumentException("stn sampler backward expects ∂L/∂V of " + batch * channels * p
                    + " and ∂L/∂U of " + batch * d.imageSize() + " values but got " + dv.length + " and "
                    + (du == null ? "none" : du.length));
        }
        double[] dPadded = new double[padPlane];
        double[] dm = new double[p], dn = new double[p];
        double[] dTheta = new double[6 * batch];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(dm, 0.0);
            java.util.Arrays.fill(dn, 0.0);
            for (int c = 0; c < channels; c++) {
                int plane = (b * channels + c) * padPlane, out = (b * channels + c) * p;
                if (du != null) {
                    java.util.Arrays.fill(dPadded, 0.0);
                }
                for (int k = 0; k < p; k++) {
                    int i = plane + corner[b * p + k], j = i - plane;
                    double g = dv[out + k];
                    double wx1 = fx[b * p + k], wx0 = 1 - wx1, wy1 = fy[b * p + k], wy0 = 1 - wy1;
                    double u00 = padded[i], u01 = padded[i + 1], u10 = padded[i + padW], u11 = padded[i + padW + 1];
                    // eq. (7), one-sided at integer coordinates: ∂V/∂m = Σ_y k_y·(U'[·, c0+1] − U'[·, c0])
                    dm[k] += g * (wy0 * (u01 - u00) + wy1 * (u11 - u10));
                    dn[k] += g * (wx0 * (u10 - u00) + wx1 * (u11 - u01));
                    if (du == null) {
                        continue;
                    }
                    // eq. (6): ∂V/∂U'_nm = k_y(n)·k_x(m); the border's share is dropped below
                    double gy0 = g * wy0, gy1 = g * wy1;
                    dPadded[j] += gy0 * wx0;
                    dPadded[j + 1] += gy0 * wx1;
                    dPadded[j + padW] += gy1 * wx0;
                    dPadded[j + padW + 1] += gy1 * wx1;
                }
                int image = (b * channels + c) * h * w;
                for (int y = 0; du != null && y < h; y++) {
                    int from = (y + PAD) * padW + PAD, to = image + y * w;
                    for (int x = 0; x < w; x++) {
                        du[to + x] += dPadded[from + x];
                    }
                }
            }
            // eq. (1) backwards: m = θ11·G_m[0] + θ12·G_m[1] + θ13·W/2 + (W−1)/2, likewise n
            double t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0;
            for (int k = 0; k < p; k++) {
                t0 += dm[k] * xm[k];
                t1 += dm[k] * ym[k];
                t2 += dm[k] * halfW;
                t3 += dn[k] * xn[k];
                t4 += dn[k] * yn[k];
                t5 += dn[k] * halfH;
            }
            int t = 6 * b;
            dTheta[t] = t0;
            dTheta[t + 1] = t1;
            dTheta[t + 2] = t2;
            dTheta[t + 3] = t3;
            dTheta[t + 4] = t4;
            dTheta[t + 5] = t5;
        }
        return dTheta;
    }
}
