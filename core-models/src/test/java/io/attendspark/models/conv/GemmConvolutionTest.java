package io.attendspark.models.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.models.samediff.DoublePrecision;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link GemmConvolution} on its own, in FLOAT and DOUBLE, against the convolution written as plain
 * loops over its definition: output, weight, bias and input gradients; with plain 'c' arrays and with
 * arrays the fast paths must not read or write straight (views at an offset, a permuted δ, a permuted
 * weight gradient) or may only write through a view (a 'c' weight gradient at an offset), and a
 * second call with reused scratch.
 */
@ExtendWith(DoublePrecision.class)
class GemmConvolutionTest {

    @ParameterizedTest
    @CsvSource({
            "FLOAT,  3, 3, 1, 1, 0, 0, false, false", "DOUBLE, 3, 3, 1, 1, 0, 0, false, false",
            "FLOAT,  3, 2, 2, 1, 1, 0, false, false", "DOUBLE, 3, 2, 2, 1, 1, 0, false, false",
            "FLOAT,  3, 3, 1, 1, 0, 0, true, false",  "DOUBLE, 3, 2, 2, 1, 1, 0, true, false",
            "DOUBLE, 2, 2, 1, 2, 0, 1, true, false",
            "FLOAT,  3, 3, 1, 1, 0, 0, false, true",  "DOUBLE, 3, 2, 2, 1, 1, 0, true, true",
            "FLOAT,  2, 3, 1, 2, 1, 1, true, true"})
    void matchesTheDefinition(DataType type, int kh, int kw, int sh, int sw, int ph, int pw, boolean views,
                              boolean relu) {
        check(type, 2, kh, kw, sh, sw, ph, pw, views, relu);
    }

    /** Float inputs of {@link OneDnnConvolution#MIN_CHANNELS} channels or more take libnd4j's oneDNN kernels. */
    @ParameterizedTest
    @CsvSource({
            "3, 3, 1, 1, 0, 0, false, false", "3, 2, 2, 1, 1, 0, false, false", "3, 3, 1, 1, 0, 0, true, false",
            "3, 3, 1, 1, 0, 0, false, true", "2, 3, 1, 2, 1, 1, true, true", "5, 5, 1, 1, 0, 0, false, true"})
    void theOneDnnPathMatchesTheDefinition(int kh, int kw, int sh, int sw, int ph, int pw, boolean views, boolean relu) {
        org.junit.jupiter.api.Assumptions.assumeTrue(OneDnnConvolution.AVAILABLE, "the backend has no oneDNN (-Pcpu-generic)");
        int c = OneDnnConvolution.MIN_CHANNELS + 1;
        assertTrue(OneDnnConvolution.use(DataType.FLOAT, c) && !OneDnnConvolution.use(DataType.FLOAT, 1)
                && !OneDnnConvolution.use(DataType.DOUBLE, c), "float inputs of " + c + " channels take oneDNN");
        check(DataType.FLOAT, c, kh, kw, sh, sw, ph, pw, views, relu);
    }

    private void check(DataType type, int c, int kh, int kw, int sh, int sw, int ph, int pw, boolean views,
                       boolean relu) {
        Nd4j.getRandom().setSeed(17);
        int h = 7, w = 6, o = 4;
        int[] stride = {sh, sw}, pad = {ph, pw};
        GemmConvolution conv = new GemmConvolution();
        int[] batches = {3, 3, 2};                                 // reuses the scratch arrays, then rebuilds them
        for (int call = 0; call < batches.length; call++) {
            int n = batches[call];
            INDArray x = Nd4j.randn(type, n, c, h, w);
            INDArray wt = Nd4j.randn(type, o, c, kh, kw);
            INDArray b = Nd4j.randn(type, o);
            int outH = (h + 2 * ph - kh) / sh + 1, outW = (w + 2 * pw - kw) / sw + 1;
            INDArray upstream = Nd4j.randn(DataType.DOUBLE, n, o, outH, outW);
            double[][] ref = reference(x, wt, b, outH, outW, stride, pad, upstream);
            if (relu) {                                            // output relu(z); gradients of δ where z > 0
                double[] z0 = ref[0];
                INDArray masked = upstream.castTo(type).castTo(DataType.DOUBLE).dup('c');
                for (int i = 0; i < z0.length; i++) {
                    if (!(z0[i] > 0)) {
                        masked.data().put(i, 0.0);
                    }
                }
                ref = reference(x, wt, b, outH, outW, stride, pad, masked);
                for (int i = 0; i < z0.length; i++) {
                    ref[0][i] = Math.max(z0[i], 0.0);
                }
                ref[4] = upstream.castTo(type).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            }
            INDArray delta = Nd4j.create(ref[4], new long[]{n, o, outH, outW}, DataType.DOUBLE).castTo(type);
            if (views) {                                           // the same values, as a permuted view
                delta = delta.permute(1, 0, 2, 3).dup('c').permute(1, 0, 2, 3);
            }
            INDArray z = relu ? conv.forward(x, wt, b, stride, pad, true, allocator(type, views))
                    : conv.forward(x, wt, b, stride, pad, allocator(type, views));
            // views: a permuted weight gradient (gemm into scratch, then copy), then a 'c' view at an offset
            INDArray weightGrad = views && call == 0 ? Nd4j.create(type, kw, kh, c, o).permute(3, 2, 1, 0)
                    : allocator(type, views).apply(new long[]{o, c, kh, kw});
            INDArray biasGrad = allocator(type, views).apply(new long[]{o});
            INDArray dx = conv.backward(delta, wt, weightGrad, biasGrad, allocator(type, views));
            double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
            assertClose(ref[0], z, tol, "z");
            assertClose(ref[1], weightGrad, tol, "weight gradient");
            assertClose(ref[2], biasGrad, tol, "bias gradient");
            assertClose(ref[3], dx, tol, "input gradient");
            if (call == batches.length - 1) {                      // again, without the input gradient
                INDArray weightGrad2 = Nd4j.create(type, o, c, kh, kw);
                INDArray biasGrad2 = Nd4j.create(type, o);
                org.junit.jupiter.api.Assertions.assertNull(conv.backward(delta, wt, weightGrad2, biasGrad2, null));
                assertClose(ref[1], weightGrad2, tol, "weight gradient, no input gradient");
                assertClose(ref[2], biasGrad2, tol, "bias gradient, no input gradient");
            }
        }
    }

    /** Arrays from {@code Nd4j.create}, or (views) 'c' views at an offset inside a larger array. */
    private static Function<long[], INDArray> allocator(DataType type, boolean views) {
        return shape -> {
            if (!views) {
                return Nd4j.create(type, shape);
            }
            long len = 1;
            for (long s : shape) {
                len *= s;
            }
            INDArray flat = Nd4j.valueArrayOf(new long[]{len + 6}, 99.0, type);
            return flat.get(NDArrayIndex.interval(3, 3 + len)).reshape('c', shape);
        };
    }

    /** {z, ∂w, ∂b, ∂x, δ} by the definition, in double, 'c' order. */
    private static double[][] reference(INDArray xa, INDArray wa, INDArray ba, int outH, int outW, int[] s, int[] p,
                                        INDArray deltaA) {
        int n = (int) xa.size(0), c = (int) xa.size(1), h = (int) xa.size(2), w = (int) xa.size(3);
        int o = (int) wa.size(0), kh = (int) wa.size(2), kw = (int) wa.size(3);
        double[] x = xa.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] wt = wa.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] b = ba.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] delta = deltaA.castTo(xa.dataType()).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] z = new double[n * o * outH * outW], dw = new double[wt.length], db = new double[o];
        double[] dx = new double[x.length];
        for (int ni = 0; ni < n; ni++) {
            for (int oi = 0; oi < o; oi++) {
                for (int y = 0; y < outH; y++) {
                    for (int xo = 0; xo < outW; xo++) {
                        int zi = ((ni * o + oi) * outH + y) * outW + xo;
                        double sum = b[oi];
                        db[oi] += delta[zi];
                        for (int ci = 0; ci < c; ci++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = y * s[0] - p[0] + ky, ix = xo * s[1] - p[1] + kx;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                        continue;
                                    }
                                    int xi = ((ni * c + ci) * h + iy) * w + ix;
                                    int wi = ((oi * c + ci) * kh + ky) * kw + kx;
                                    sum += wt[wi] * x[xi];
                                    dw[wi] += delta[zi] * x[xi];
                                    dx[xi] += delta[zi] * wt[wi];
                                }
                            }
                        }
                        z[zi] = sum;
                    }
                }
            }
        }
        return new double[][]{z, dw, db, dx, delta};
    }

    private static void assertClose(double[] expected, INDArray actual, double rel, String what) {
        assertEquals(expected.length, actual.length(), what);
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double diff = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - expected[i]) * (a[i] - expected[i]);
            scale += expected[i] * expected[i];
        }
        assertTrue(scale > 0, what + " is all zero");
        assertTrue(Math.sqrt(diff) <= rel * Math.sqrt(scale),
                what + ": relative difference " + Math.sqrt(diff / scale) + " > " + rel);
    }

    /** The relu backward's branch-free mask: the gradient where z > 0, exactly 0 elsewhere (incl. −0 and subnormals). */
    @Test
    void passIfPositiveIsTheReluDerivativeTimesTheGradient() {
        float[] zs = {2f, Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY, 0f, -0f, -Float.MIN_VALUE, -3f,
                Float.NEGATIVE_INFINITY};
        for (float z : zs) {
            for (float g : new float[]{1.5f, -2.25f, 0f}) {
                assertEquals(z > 0f ? g : 0f, GemmConvolution.passIfPositive(g, z), 0f, "g " + g + ", z " + z);
                assertEquals(z > 0f ? g : 0.0, GemmConvolution.passIfPositive((double) g, (double) z), 0.0,
                        "double: g " + g + ", z " + z);
            }
            assertEquals(z > 0 ? 1.0 : 0.0, GemmConvolution.passIfPositive(1.0, Double.MIN_VALUE * Math.signum(z)),
                    0.0, "double subnormal of sign " + Math.signum(z));
        }
    }
}
