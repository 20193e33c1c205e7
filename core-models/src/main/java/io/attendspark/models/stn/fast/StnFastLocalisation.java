package io.attendspark.models.stn.fast;

import io.attendspark.models.conv.GemmConvolution;
import io.attendspark.models.conv.MaxPoolRelu;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The localisation net of the spatial transformer (Jaderberg et al., "Spatial Transformer
 * Networks", arXiv:1506.02025v3, §3.1 and App. A), forward and backward by hand: conv F×K² (valid)
 * → maxpool 2 → relu → conv F×K² → maxpool 2 → relu → dense D relu → dense 6 = θ. Holds one
 * {@link GemmConvolution} per conv (the first one pools each image's map as it computes it,
 * {@link GemmConvolution#forwardReluPool}; the second runs without bias, which its pool stage adds
 * after the max, see {@link MaxPoolRelu}), the second pool stage, the dense layers' activations of
 * the last forward and reused scratch arrays.
 *
 * <p>Parameters as in {@code SpatialTransformerLayer}: conv weights YXIO {@code [K, K, in, F]}
 * (given to {@link GemmConvolution}, which wants OIYX, as the view {@code permute(3, 2, 0, 1)}; their
 * gradients are written through the same permutation of DL4J's gradient views), dense weights
 * {@code [in, out]}, biases {@code [out]}. Convs, pools and the dense layers' gemm calls run in the
 * network's data type; the dense layers' bias, relu and θ are double. Not thread-safe; call outside
 * DL4J's workspaces.
 */
final class StnFastLocalisation {

    static final String W1 = "locConv1W", B1 = "locConv1b", W2 = "locConv2W", B2 = "locConv2b";
    static final String W3 = "locDenseW", B3 = "locDenseb", W4 = "locThetaW", B4 = "locThetab";
    private static final int[] STRIDE = {1, 1};
    private static final int[] NO_PADDING = {0, 0};

    private final StnFastDims d;
    private final GemmConvolution conv1 = new GemmConvolution();
    private final GemmConvolution conv2 = new GemmConvolution();

    private DataType type;
    private int batch;
    private StnFastPoolStage pool2;
    private INDArray a1, z2, dx, dh1;      // conv outputs and input gradients, reused
    private INDArray z3, h3, theta;        // [N, D], [N, D], [N, 6]
    private INDArray dTheta, dh3, dz3, da2;
    private double[] h3Values;             // relu(a2·W3 + b3) of the last forward

    StnFastLocalisation(StnFastDims d) {
        this.d = d;
    }

    /** θ {@code [N, 6]} (row-major) of the images {@code x} {@code [N, C, H, W]} (network data type). */
    double[] forward(INDArray x, Map<String, INDArray> params) {
        prepare(x.dataType(), Math.toIntExact(x.size(0)));
        a1 = conv1.forwardReluPool(x, yxioAsOiyx(params.get(W1)), params.get(B1), STRIDE, NO_PADDING,
                shape -> StnFastArrays.scratch(a1, type, shape));                           // [N, F, h1, w1]
        // the second conv runs without bias: its pool adds it to the F·h·w/4 maxima instead of the F·h·w inputs
        z2 = conv2.forward(a1, yxioAsOiyx(params.get(W2)), null, STRIDE, NO_PADDING,
                shape -> StnFastArrays.scratch(z2, type, shape));                           // [N, F, h1-K+1, w1-K+1]
        INDArray a2 = pool2.forward(z2, params.get(B2));                                    // [N, F·h2·w2] (flattened)
        Nd4j.gemm(a2, params.get(W3), z3, false, false, 1.0, 0.0);                          // [N, D]
        double[] b3 = small(params.get(B3));
        h3Values = StnFastArrays.readDouble(z3, h3Values);
        for (int i = 0; i < h3Values.length; i++) {
            h3Values[i] = Math.max(0.0, h3Values[i] + b3[i % b3.length]);                   // relu
        }
        StnFastArrays.write(h3, h3Values);
        Nd4j.gemm(h3, params.get(W4), theta, false, false, 1.0, 0.0);                       // [N, 6]
        double[] b4 = small(params.get(B4));
        double[] t = StnFastArrays.readDouble(theta, null);
        for (int i = 0; i < t.length; i++) {
            t[i] += b4[i % 6];
        }
        return t;
    }

    /**
     * Gradients of the last forward given {@code dThetaValues = ∂L/∂θ} {@code [N, 6]}: writes every
     * parameter's gradient into {@code grads} (DL4J's gradient views) and returns {@code ∂L/∂x}
     * {@code [N, C, H, W]} (network data type, detached, reused by the next call).
     */
    INDArray backward(double[] dThetaValues, Map<String, INDArray> params, Map<String, INDArray> grads,
                      boolean inputGradient) {
        if (h3Values == null) {
            throw new IllegalStateException("stn localisation backward called before any forward");
        }
        StnFastArrays.write(dTheta, dThetaValues);
        Nd4j.gemm(h3, dTheta, grads.get(W4), true, false, 1.0, 0.0);                       // ∂W4 = h3ᵀ·∂θ
        writeSmall(grads.get(B4), columnSums(dThetaValues, 6));
        Nd4j.gemm(dTheta, params.get(W4), dh3, false, true, 1.0, 0.0);                     // ∂h3 = ∂θ·W4ᵀ
        double[] g = StnFastArrays.readDouble(dh3, null);
        for (int i = 0; i < g.length; i++) {
            g[i] = h3Values[i] > 0 ? g[i] : 0.0;                                           // relu
        }
        StnFastArrays.write(dz3, g);
        Nd4j.gemm(pool2.out, dz3, grads.get(W3), true, false, 1.0, 0.0);                    // ∂W3 = a2ᵀ·∂z3
        writeSmall(grads.get(B3), columnSums(g, d.hidden()));
        Nd4j.gemm(dz3, params.get(W3), da2, false, true, 1.0, 0.0);                        // ∂a2 = ∂z3·W3ᵀ
        INDArray dz2 = pool2.backward(da2, grads.get(B2));                                  // [N, F, h1-K+1, w1-K+1]
        INDArray da1 = conv2.backward(dz2, yxioAsOiyx(params.get(W2)), yxioAsOiyx(grads.get(W2)), null,
                shape -> dh1 = StnFastArrays.scratch(dh1, type, shape));                  // [N, F, h1, w1]
        return conv1.backward(da1, yxioAsOiyx(params.get(W1)), yxioAsOiyx(grads.get(W1)), grads.get(B1),
                inputGradient ? shape -> dx = StnFastArrays.scratch(dx, type, shape) : null);  // [N, C, H, W]
    }

    /** A YXIO {@code [kH, kW, C, O]} weight (or gradient) array as the OIYX view GemmConvolution takes. */
    private static INDArray yxioAsOiyx(INDArray yxio) {
        return yxio.permute(3, 2, 0, 1);
    }

    /** (Re)allocates the pool stages and scratch arrays when the batch size or data type changed. */
    private void prepare(DataType t, int n) {
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            throw new IllegalArgumentException("stn fast layer runs in FLOAT or DOUBLE but the input is " + t);
        }
        if (t == type && n == batch) {
            return;
        }
        type = t;
        batch = n;
        int f = d.filters();
        pool2 = new StnFastPoolStage(t, new long[]{n, f, d.conv2H(), d.conv2W()}, new long[]{n, d.flat()});
        a1 = z2 = dx = dh1 = null;
        z3 = Nd4j.createUninitialized(t, new long[]{n, d.hidden()}, 'c');
        h3 = Nd4j.createUninitialized(t, new long[]{n, d.hidden()}, 'c');
        dh3 = Nd4j.createUninitialized(t, new long[]{n, d.hidden()}, 'c');
        dz3 = Nd4j.createUninitialized(t, new long[]{n, d.hidden()}, 'c');
        theta = Nd4j.createUninitialized(t, new long[]{n, 6}, 'c');
        dTheta = Nd4j.createUninitialized(t, new long[]{n, 6}, 'c');
        da2 = Nd4j.createUninitialized(t, new long[]{n, d.flat()}, 'c');
        h3Values = null;
    }

    /** The values of a small parameter vector. */
    private static double[] small(INDArray v) {
        double[] out = new double[Math.toIntExact(v.length())];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.getDouble(i);
        }
        return out;
    }

    private static void writeSmall(INDArray view, double[] v) {
        for (int i = 0; i < v.length; i++) {
            view.putScalar(i, v[i]);
        }
    }

    private static double[] columnSums(double[] rowMajor, int cols) {
        double[] s = new double[cols];
        for (int i = 0; i < rowMajor.length; i++) {
            s[i % cols] += rowMajor[i];
        }
        return s;
    }
}
