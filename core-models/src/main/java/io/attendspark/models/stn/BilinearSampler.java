package io.attendspark.models.stn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Differentiable bilinear sampler of the Spatial Transformer (Jaderberg et al., "Spatial Transformer
 * Networks", arXiv:1506.02025v3, §3.3, eqs. (3)–(5)):
 * {@code V_p^c = Σ_n Σ_m U^c_nm · max(0, 1 − |m_p − m|) · max(0, 1 − |n_p − n|)}, where
 * {@code (m_p, n_p)} are the source pixel coordinates of output pixel p (see {@link AffineGridGenerator}).
 *
 * <p>No gather: the kernel factorises into a row kernel {@code k_y[mb, P', H]} and a column kernel
 * {@code k_x[mb, P', W]}, built by broadcasting the coordinates against constant index vectors, and
 * the double sum becomes one batched matmul over rows followed by a weighted sum over columns. The
 * sub-gradients of eqs. (6)–(7) w.r.t. U and w.r.t. (m, n), hence θ, come from SameDiff autodiff
 * of these ops; the kernels take the one-sided derivative at integer coordinates (see
 * {@link #kernel}), as floor-based implementations do.
 *
 * <p>Cost per example: {@code P'·H·C·W} multiply-adds for the matmul plus {@code P'·C·W} for the
 * column sum; about 20 SameDiff ops in total, independent of image size.
 *
 * <p><b>Deviations from the paper.</b> Samples outside the image read a constant background value
 * b instead of being undefined: the virtual pixels outside U equal b. We compute this as
 * {@code V = Σ U·k_y·k_x + b·(1 − Σk_y·Σk_x)}, which equals sampling {@code (U − b)} with zero
 * padding and adding b back, but keeps identity sampling exact for any b (the coverage
 * {@code Σk_y·Σk_x} is exactly 1 there). With b = 0 the coverage ops are not emitted.
 */
public final class BilinearSampler {

    private BilinearSampler() {
    }

    /**
     * Defines {@code V = sample(U; m, n)}.
     *
     * @param sd         the graph
     * @param u          input feature map {@code [mb, C, H, W]} (NCHW)
     * @param grid       source pixel coordinates, each {@code [mb, outH·outW]}
     * @param background value of pixels outside U (0 = zero padding)
     * @return a variable named {@code v}, {@code [mb, C, outH, outW]}
     */
    public static SDVariable define(SameDiff sd, SDVariable u, AffineGridGenerator.SourceGrid grid,
                                    int channels, int inH, int inW, int outH, int outW, double background) {
        DataType dt = u.dataType();
        int p = outH * outW;
        SDVariable rowIndex = sd.constant("rowIndex", Nd4j.arange(inH).castTo(dt));             // [H]
        SDVariable colIndex = sd.constant("colIndex", Nd4j.arange(inW).castTo(dt));             // [W]

        SDVariable ky = kernel(sd, "ky", grid.n(), rowIndex);                                    // [mb, P', H]  eq. (5)
        SDVariable kx = kernel(sd, "kx", grid.m(), colIndex);                                    // [mb, P', W]  eq. (5)

        SDVariable uRows = sd.reshape("uRows", sd.permute(u, 0, 2, 1, 3), -1, inH, (long) channels * inW); // [mb, H, C·W]
        SDVariable a = sd.mmul("a", ky, uRows);                                                  // [mb, P', C·W]  Σ_n of eq. (5)
        SDVariable a4 = sd.reshape("a4", a, -1, p, channels, inW);                               // [mb, P', C, W]
        SDVariable weighted = a4.mul("weighted", sd.expandDims(kx, 2));                          // [mb, P', C, W]
        SDVariable vPc = sd.sum("vPc", weighted, 3);                                             // [mb, P', C]  Σ_m of eq. (5)
        SDVariable vFlat = sd.permute("vFlat", vPc, 0, 2, 1);                                    // [mb, C, P']
        if (background == 0.0) {
            return sd.reshape("v", vFlat, -1, channels, outH, outW);                             // [mb, C, H', W']
        }
        SDVariable coverage = sd.sum(ky, 2).mul("coverage", sd.sum(kx, 2));                      // [mb, P']
        SDVariable fill = coverage.rsub(1.0).mul("fill", background);                            // [mb, P']
        SDVariable vInside = sd.reshape("vInside", vFlat, -1, channels, outH, outW);             // [mb, C, H', W']
        return vInside.add("v", sd.reshape(fill, -1, 1, outH, outW));                           // [mb, C, H', W']
    }

    /**
     * {@code k[mb, P', L] = max(0, 1 − |c − L|)} (eq. (5)), written as
     * {@code (1 − f)·[L = c0] + f·[L = c0 + 1]} with {@code c0 = floor(c)} held constant and
     * {@code f = c − c0}. The values are the same; the gradient w.r.t. c is the one-sided
     * {@code U[c0+1] − U[c0]} everywhere. Written with {@code abs} and {@code relu} directly, the
     * sub-gradient at integer c is 0 — and the identity start puts every sample exactly on a pixel
     * centre, so θ would never move.
     */
    private static SDVariable kernel(SameDiff sd, String name, SDVariable coord, SDVariable index) {
        SDVariable c0 = new StopGradient(sd, sd.math().floor(coord)).outputVariable();          // [mb, P']  constant
        SDVariable f = sd.expandDims(coord.sub(c0), 2);                                          // [mb, P', 1]  in [0, 1)
        SDVariable d = index.sub(sd.expandDims(c0, 2));                                          // [mb, P', L]  L − c0
        SDVariable at0 = sd.nn().relu(sd.math().abs(d).rsub(1.0), 0.0);                          // [L = c0]
        SDVariable at1 = sd.nn().relu(sd.math().abs(d.sub(1.0)).rsub(1.0), 0.0);                 // [L = c0 + 1]
        // at0 + (at1 − at0)·f = (1 − f)·at0 + f·at1 with one broadcast multiply (its backward is the costly part)
        return at1.sub(at0).mul(f).add(name, at0);                                                // [mb, P', L]  eq. (5)
    }
}
