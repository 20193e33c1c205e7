package io.attendspark.models.stn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Affine grid generator of the Spatial Transformer (Jaderberg, Simonyan, Zisserman, Kavukcuoglu,
 * "Spatial Transformer Networks", arXiv:1506.02025v3, §3.2, eq. (1)).
 *
 * <p>For every pixel {@code p = i·W' + j} of the output V (H'×W') the target point in normalised
 * coordinates is {@code x_t = (2j+1)/W' − 1}, {@code y_t = (2i+1)/H' − 1} (pixel centres; −1 and +1
 * are the outer edges of the image). The source point is {@code (x_s, y_s)ᵀ = θ · (x_t, y_t, 1)ᵀ}
 * with θ the row-major 2×3 matrix {@code [θ11 θ12 θ13 θ21 θ22 θ23]}, and its source pixel
 * coordinates are {@code m = ((x_s + 1)·W − 1)/2} (column) and {@code n = ((y_s + 1)·H − 1)/2}
 * (row), so that the identity θ maps output pixel (i, j) to input pixel (i, j) when sizes match.
 *
 * <p>Conventions that follow from these formulas, pinned by tests: θ = [1,0,2/W, 0,1,0] samples
 * column j+1 for output column j, i.e. the content moves one pixel <em>left</em>;
 * θ = [0,−1,0, 1,0,0] gives {@code V[i][j] = U[j][N−1−i]} on an N×N image, i.e. the content
 * rotates 90° counter-clockwise (row 0 at the top, like {@code numpy.rot90}).
 *
 * <p><b>Deviations from the paper.</b> The paper leaves the pixel convention open; we use pixel
 * centres (as {@code align_corners=False} in common frameworks). The conversion to pixel
 * coordinates is folded into the constant grid ({@link #pixelGrid}): {@code m = θ · G_m + (W−1)/2}
 * with {@code G_m = (W/2)·(x_t, y_t, 1)}. This is the same affine map, but with θ = identity every
 * product is exact in floating point (the grid entries are half-integers), so identity sampling
 * reproduces the input bit for bit. Two [mb,6]×[6,P'] matmuls replace one [mb·2,3]×[3,P'] matmul,
 * which avoids a slice of the result (same op count, no slicing op in the gradient).
 */
public final class AffineGridGenerator {

    /** The identity transform, row-major 2×3. */
    public static final double[] IDENTITY = {1, 0, 0, 0, 1, 0};

    private AffineGridGenerator() {
    }

    /** Source pixel coordinates of every output pixel; both are {@code [mb, H'·W']}, row-major over (i, j). */
    public record SourceGrid(SDVariable m, SDVariable n) {
    }

    /**
     * Defines {@code m} (column) and {@code n} (row) source pixel coordinates for θ.
     *
     * @param sd    the graph
     * @param theta {@code [mb, 6]} affine parameters (row-major 2×3)
     * @return SameDiff variables named {@code m} and {@code n}, each {@code [mb, outH·outW]}
     */
    public static SourceGrid define(SameDiff sd, SDVariable theta, int inH, int inW, int outH, int outW) {
        DataType dt = theta.dataType();
        INDArray[] g = pixelGrid(inH, inW, outH, outW, dt);
        SDVariable gridM = sd.constant("gridM", g[0]);                               // [6, P']
        SDVariable gridN = sd.constant("gridN", g[1]);                               // [6, P']
        SDVariable m = sd.mmul(theta, gridM).add("m", (inW - 1) / 2.0);             // [mb, P']  eq. (1)
        SDVariable n = sd.mmul(theta, gridN).add("n", (inH - 1) / 2.0);             // [mb, P']  eq. (1)
        return new SourceGrid(m, n);
    }

    /**
     * The constant grids {@code G_m} and {@code G_n}, each {@code [6, H'·W']}: {@code θ · G_m + (W−1)/2}
     * is the source column and {@code θ · G_n + (H−1)/2} the source row of every output pixel.
     */
    public static INDArray[] pixelGrid(int inH, int inW, int outH, int outW, DataType dt) {
        requirePositive("inH", inH);
        requirePositive("inW", inW);
        requirePositive("outH", outH);
        requirePositive("outW", outW);
        int p = outH * outW;
        double[][] gm = new double[6][p];
        double[][] gn = new double[6][p];
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                int k = i * outW + j;
                // (W/2)·x_t written as W(2j+1)/(2W') − W/2 so that it is exact whenever it is a half-integer
                double xm = inW * (2.0 * j + 1) / (2.0 * outW) - inW / 2.0;
                double ym = inW * (2.0 * i + 1) / (2.0 * outH) - inW / 2.0;
                double xn = inH * (2.0 * j + 1) / (2.0 * outW) - inH / 2.0;
                double yn = inH * (2.0 * i + 1) / (2.0 * outH) - inH / 2.0;
                gm[0][k] = xm;
                gm[1][k] = ym;
                gm[2][k] = inW / 2.0;
                gn[3][k] = xn;
                gn[4][k] = yn;
                gn[5][k] = inH / 2.0;
            }
        }
        return new INDArray[]{Nd4j.create(gm).castTo(dt), Nd4j.create(gn).castTo(dt)};
    }

    /**
     * Plain-Java reference of eq. (1) for one θ: {@code {m, n}} of output pixel (i, j).
     */
    public static double[] sourcePixel(double[] theta, int inH, int inW, int outH, int outW, int i, int j) {
        double xt = (2.0 * j + 1) / outW - 1;
        double yt = (2.0 * i + 1) / outH - 1;
        double xs = theta[0] * xt + theta[1] * yt + theta[2];                        // eq. (1)
        double ys = theta[3] * xt + theta[4] * yt + theta[5];                        // eq. (1)
        return new double[]{((xs + 1) * inW - 1) / 2, ((ys + 1) * inH - 1) / 2};
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("stn." + name + " must be > 0 but was " + value);
        }
    }
}
