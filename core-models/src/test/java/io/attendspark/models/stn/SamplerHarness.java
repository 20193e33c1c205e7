package io.attendspark.models.stn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** Test helper: runs grid generator + sampler on given U and θ, and a plain-Java reference of eqs. (1), (3)–(5). */
final class SamplerHarness {

    private SamplerHarness() {
    }

    /** SameDiff forward of V = sample(U; grid(θ)); U [mb, C, H, W], θ [mb, 6]. */
    static INDArray sample(INDArray u, INDArray theta, int outH, int outW, double background) {
        int c = (int) u.size(1), h = (int) u.size(2), w = (int) u.size(3);
        SameDiff sd = SameDiff.create();
        SDVariable uVar = sd.placeHolder("u", u.dataType(), -1, c, h, w);
        SDVariable thetaVar = sd.placeHolder("theta", theta.dataType(), -1, 6);
        AffineGridGenerator.SourceGrid grid = AffineGridGenerator.define(sd, thetaVar, h, w, outH, outW);
        SDVariable v = BilinearSampler.define(sd, uVar, grid, c, h, w, outH, outW, background);
        return sd.output(Map.of("u", u, "theta", theta), v.name()).get(v.name());
    }

    /** Direct evaluation of eq. (5) as a sum over all pixels; outside the image reads the background. */
    static double[][][][] reference(double[][][][] u, double[][] theta, int outH, int outW, double background) {
        int mb = u.length, c = u[0].length, h = u[0][0].length, w = u[0][0][0].length;
        double[][][][] v = new double[mb][c][outH][outW];
        for (int b = 0; b < mb; b++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    double[] mn = AffineGridGenerator.sourcePixel(theta[b], h, w, outH, outW, i, j);
                    for (int ch = 0; ch < c; ch++) {
                        // sample (U - b) with zero padding, then add b back: outside the image reads b
                        double sum = background;
                        for (int n = 0; n < h; n++) {
                            for (int m = 0; m < w; m++) {
                                sum += (u[b][ch][n][m] - background) * Math.max(0, 1 - Math.abs(mn[0] - m))
                                        * Math.max(0, 1 - Math.abs(mn[1] - n));                 // eq. (5)
                            }
                        }
                        v[b][ch][i][j] = sum;
                    }
                }
            }
        }
        return v;
    }
}
