package io.attendspark.models.draw;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DRAW's Gaussian filterbank attention (Gregor et al., arXiv:1502.04623v2, §3.2, eqs. (19)–(29)) in
 * SameDiff, for several attention heads at once (the decoder's write head and the next step's read
 * head come from the same h^dec_t).
 *
 * <p>Each head h has five parameters (g̃_X, g̃_Y, log σ², log δ̃, log γ) = columns 5h..5h+4 of
 * {@code attn} [mb, 5·heads]. All grid centres μ and all precisions 1/(2σ²) of all heads are one
 * affine map of u = [attn, exp(attn)] (one matmul), so every filter row of every head is built by
 * one short chain of broadcast ops over a [mb, R, L] tensor (R = Σ 2N_h rows, L = max(A, B)), then
 * sliced per head. Pixel coordinates are the paper's 1..A (so g̃ = 0 is the centre (A+1)/2).
 *
 * <p><b>Deviations from the paper.</b> Rows are normalised by Σ_a + {@link #EPS} (the paper's Z_X
 * with a guard against an all-underflowed row far off the image). With N = 1 the stride factor
 * (max(A,B) − 1)/(N − 1) is taken as 0.
 */
final class DrawFilterBank {

    /** Added to every row sum before normalising. */
    static final double EPS = 1e-8;

    /** One head's filterbanks: F_X [mb, N, A], F_Y [mb, N, B] and intensity γ [mb, 1]. */
    record Head(SDVariable fx, SDVariable fy, SDVariable gamma, int n) {
    }

    private final SameDiff sd;
    private final int[] ns;
    private final int height;
    private final int width;
    private final int rows;
    private final SDVariable affine;      // [10·heads, 2R]
    private final SDVariable offset;      // [1, 2R]
    private final SDVariable coords;      // [1, 1, L] = 1..L
    private final SDVariable mask;        // [1, R, L] or null when A == B

    /** Filterbanks for heads of sizes {@code ns} over a {@code height}×{@code width} image. */
    DrawFilterBank(SameDiff sd, String name, DataType type, int[] ns, int height, int width) {
        this.sd = sd;
        this.ns = ns.clone();
        this.height = height;
        this.width = width;
        int r = 0;
        for (int n : ns) {
            r += 2 * n;
        }
        this.rows = r;
        int k = ns.length;
        int a = width, b = height, l = Math.max(a, b);
        double[][] m = new double[10 * k][2 * r];
        double[] c = new double[2 * r];
        int row = 0;
        for (int h = 0; h < k; h++) {
            int n = ns[h];
            double stride = n > 1 ? (l - 1.0) / (n - 1) : 0.0;                    // eq. (21) factor
            for (int axis = 0; axis < 2; axis++) {
                double centre = (axis == 0 ? a + 1 : b + 1) / 2.0;                 // eqs. (19)-(20)
                for (int i = 0; i < n; i++, row++) {
                    m[5 * h + axis][row] = centre;                                 // g = centre·(g̃ + 1)
                    c[row] = centre;
                    m[5 * k + 5 * h + 3][row] = (i + 1 - n / 2.0 - 0.5) * stride;  // eqs. (22)-(23): + (i − N/2 − 0.5)δ
                    m[5 * h + 2][r + row] = -1.0;                                  // log(1/(2σ²)) = −log σ² + log ½
                    c[r + row] = Math.log(0.5);
                }
            }
        }
        this.affine = sd.constant(name + "Affine", Nd4j.create(m).castTo(type));
        this.offset = sd.constant(name + "Offset", Nd4j.create(c).reshape(1, 2 * r).castTo(type));
        double[] co = new double[l];
        for (int i = 0; i < l; i++) {
            co[i] = i + 1;
        }
        this.coords = sd.constant(name + "Coords", Nd4j.create(co).reshape(1, 1, l).castTo(type));
        if (a != b) {
            INDArray mk = Nd4j.zeros(type, 1, r, l);
            row = 0;
            for (int n : ns) {
                for (int i = 0; i < 2 * n; i++, row++) {
                    int len = i < n ? a : b;
                    mk.get(NDArrayIndex.point(0), NDArrayIndex.point(row), NDArrayIndex.interval(0, len)).assign(1);
                }
            }
            this.mask = sd.constant(name + "Mask", mk);
        } else {
            this.mask = null;
        }
    }

    /** Filterbanks of every head from {@code attn} [mb, 5·heads]. */
    Head[] define(SDVariable attn) {
        int k = ns.length;
        SDVariable u = sd.concat(1, attn, sd.math().exp(attn));                           // [mb, 10k]
        SDVariable lin = u.mmul(affine).add(offset);                                      // [mb, 2R]
        SDVariable mu = sd.reshape(sd.slice(lin, new int[]{0, 0}, -1, rows), -1, rows, 1);          // [mb, R, 1]
        SDVariable prec = sd.reshape(sd.math().exp(sd.slice(lin, new int[]{0, rows}, -1, rows)),
                -1, rows, 1);                                                             // [mb, R, 1] = 1/(2σ²)
        SDVariable d = coords.sub(mu);                                                    // [mb, R, L]: a − μ
        SDVariable f = sd.math().exp(sd.math().square(d).mul(prec).neg());                // eqs. (25)-(26)
        if (mask != null) {
            f = f.mul(mask);
        }
        f = f.div(f.sum(true, 2).add(EPS));                                               // 1/Z_X, 1/Z_Y
        Head[] heads = new Head[k];
        int row = 0;
        for (int h = 0; h < k; h++) {
            int n = ns[h];
            SDVariable fx = sd.slice(f, new int[]{0, row, 0}, -1, n, width);             // [mb, N, A]
            SDVariable fy = sd.slice(f, new int[]{0, row + n, 0}, -1, n, height);        // [mb, N, B]
            SDVariable gamma = sd.slice(u, new int[]{0, 5 * k + 5 * h + 4}, -1, 1);      // [mb, 1] = exp(log γ)
            heads[h] = new Head(fx, fy, gamma, n);
            row += 2 * n;
        }
        return heads;
    }

    /** read(x, x̂) = γ [F_Y x F_Xᵀ, F_Y x̂ F_Xᵀ], eq. (27); images [mb, B, A] → [mb, 2N²]. */
    SDVariable read(Head head, SDVariable x, SDVariable xHat) {
        int n = head.n();
        SDVariable gx = sd.mmul(sd.mmul(head.fy(), x), head.fx(), false, true, false);       // [mb, N, N]
        SDVariable gxHat = sd.mmul(sd.mmul(head.fy(), xHat), head.fx(), false, true, false); // [mb, N, N]
        SDVariable glimpse = sd.reshape(sd.concat(1, gx, gxHat), -1, 2L * n * n);          // [mb, 2N²]
        return glimpse.mul(head.gamma());                                                   // eq. (27)
    }

    /** write = (1/γ̂) F̂_Yᵀ w F̂_X, eqs. (28)-(29); patch [mb, N²] → [mb, B·A]. */
    SDVariable write(Head head, SDVariable patch) {
        int n = head.n();
        SDVariable w = sd.reshape(patch, -1, n, n);                                        // [mb, N, N]
        SDVariable img = sd.mmul(sd.mmul(head.fy(), w, true, false, false), head.fx());    // [mb, B, A]
        return sd.reshape(img, -1, (long) height * width).div(head.gamma());               // eq. (29)
    }

    /**
     * The window of head {@code h} in 0-based pixel units: [g_X − 1, g_Y − 1, δ] [mb, 3], eqs. (19)-(21)
     * (column and row of the grid centre, stride).
     */
    static SDVariable window(SameDiff sd, SDVariable attn, int heads, int h, int n, int height, int width) {
        double stride = n > 1 ? (Math.max(height, width) - 1.0) / (n - 1) : 0.0;
        double[][] m = new double[10 * heads][3];
        m[5 * h][0] = (width + 1) / 2.0;
        m[5 * h + 1][1] = (height + 1) / 2.0;
        m[5 * heads + 5 * h + 3][2] = stride;
        double[] c = {(width + 1) / 2.0 - 1, (height + 1) / 2.0 - 1, 0};
        SDVariable u = sd.concat(1, attn, sd.math().exp(attn));
        DataType type = attn.dataType();
        return u.mmul(sd.constant(Nd4j.create(m).castTo(type))).add(sd.constant(Nd4j.create(c).reshape(1, 3).castTo(type)));
    }
}
