package io.attendspark.models.conv;

import io.attendspark.models.dl4j.NativeBuffers;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One 2-D convolution (NCHW, stride, zero padding, no dilation) as a Java im2col ({@link Im2col})
 * followed by a single gemm for the whole minibatch, and its backward pass as two gemms followed by
 * the Java col2im. This replaces DL4J 1.0.0-M2.1's {@code ConvolutionLayer} path, which spends about
 * half of the CNN's time in a native im2col that writes into a permuted (strided) array and most of
 * the rest in element-wise ops over permuted views (issue 7 profile).
 *
 * <p>Forward: {@code Z₂[O, N·P] = W[O, C·kH·kW] · colT[C·kH·kW, N·P]}, then
 * {@code z[n, o, p] = Z₂[o, n·P + p] + b[o]}. Backward, with {@code D₂[o, n·P + p] = δ[n, o, p]}:
 * {@code ∂W = D₂ · colTᵀ}, {@code ∂b[o] = Σ D₂[o, ·]}, {@code ∂colT = Wᵀ · D₂} and
 * {@code ∂x = col2im(∂colT)}. The columns of the last forward are kept for the backward; scratch
 * arrays live outside DL4J's workspaces and are reused while the shapes stay the same.
 *
 * <p>With {@code relu} the forward returns {@code relu(z)} instead, computed in the same pass, and
 * the backward applies the relu's derivative (where {@code z > 0}, from Z₂ and b kept from the
 * forward) while it builds D₂: no extra passes over the map and no copy of z for the backward.
 *
 * <p>Outside the gemms everything is a row-by-row copy through one Java row of {@code N·P} values
 * that stays in cache: im2col gathers row r of colT into it and copies it into the native matrix
 * (through a direct buffer over that memory), col2im reads row r of ∂colT into it and scatters from
 * it, so each column matrix crosses memory once per pass; Z₂ → z (with the bias) and δ → D₂ (with
 * ∂b) move rows of {@code P} values the same way. ∂W is written by its gemm straight into the
 * caller's gradient array when that is contiguous in 'c' order (DL4J's gradient views are).
 *
 * <p>Not thread-safe: one instance per layer instance.
 */
public final class GemmConvolution {

    private Im2col geometry;
    private int[] kernel;           // {kH, kW, sH, sW, pH, pW} of geometry
    private int batch;
    private int outChannels;
    private DataType type;
    // native scratch ('c', outside the workspaces), each with a direct buffer over its memory
    private INDArray colT;          // [rows, N·P], the gathered input of the last forward
    private INDArray z2;            // [O, N·P], the forward gemm's product
    private INDArray delta2;        // [O, N·P], δ with the images side by side
    private INDArray dColT;         // [rows, N·P], ∂L/∂colT
    private INDArray dW;            // [O, rows], ∂L/∂W when weightGrad cannot take the gemm directly
    private FloatBuffer colTF, z2F, delta2F, dColTF;
    private DoubleBuffer colTD, z2D, delta2D, dColTD;
    // Java scratch: one matrix row of N·P values (kept in cache between the gather or permute and the
    // copy to or from native memory), the input images, the input gradient
    private float[] rowF, xF, dxF;
    private double[] rowD, xD, dxD;
    // the last forward's bias (null for none) and whether it returned relu(z); one more row of N·P
    // values for Z₂ in a relu backward
    private double[] forwardBias;
    private boolean forwardRelu;
    private float[] zRowF;
    private double[] zRowD;

    /**
     * {@code z = conv(x; w) + b}.
     *
     * @param x        input {@code [N, C, H, W]}
     * @param w        weights {@code [O, C, kH, kW]}
     * @param b        bias {@code [O]} or {@code [1, O]}, or null for none
     * @param stride   {@code {sH, sW}}
     * @param padding  {@code {pH, pW}} (zeros)
     * @param allocate creates the output array ('c' order) of the given shape, e.g. in a DL4J workspace
     * @return z {@code [N, O, outH, outW]}, allocated by {@code allocate}
     */
    public INDArray forward(INDArray x, INDArray w, INDArray b, int[] stride, int[] padding,
                            Function<long[], INDArray> allocate) {
        return forward(x, w, b, stride, padding, false, allocate);
    }

    /**
     * {@code z = conv(x; w) + b}, or {@code relu(z)} when {@code relu} (then the backward takes the
     * gradient with respect to {@code relu(z)}).
     *
     * @see #forward(INDArray, INDArray, INDArray, int[], int[], Function)
     */
    public INDArray forward(INDArray x, INDArray w, INDArray b, int[] stride, int[] padding, boolean relu,
                            Function<long[], INDArray> allocate) {
        if (x.rank() != 4 || w.rank() != 4 || x.size(1) != w.size(1)) {
            throw new IllegalArgumentException("convolution needs input [N, C, H, W] and weights [O, C, kH, kW] with"
                    + " the same C but got input " + java.util.Arrays.toString(x.shape()) + " and weights "
                    + java.util.Arrays.toString(w.shape()));
        }
        if (x.dataType() != w.dataType()) {
            throw new IllegalArgumentException("convolution input is " + x.dataType() + " but weights are "
                    + w.dataType());
        }
        int n = Math.toIntExact(x.size(0));
        int o = Math.toIntExact(w.size(0));
        prepare(x.dataType(), n, Math.toIntExact(x.size(1)), Math.toIntExact(x.size(2)), Math.toIntExact(x.size(3)),
                Math.toIntExact(w.size(2)), Math.toIntExact(w.size(3)), stride, padding, o);
        Im2col g = geometry;
        INDArray z = allocate.apply(new long[]{n, o, g.outH, g.outW});
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            double[] bias = b == null ? null : NativeBuffers.read(b.castTo(DataType.DOUBLE), (double[]) null);
            forwardBias = bias;
            forwardRelu = relu;
            if (type == DataType.FLOAT) {
                xF = NativeBuffers.read(x, xF);
                for (int r = 0; r < g.rows; r++) {                  // colT[r, ·] = im2col row r, via cache
                    g.gatherRow(xF, n, r, rowF, 0);
                    colTF.put(r * rowF.length, rowF);
                }
                Nd4j.gemm(matrix(w, o, g.rows), colT, z2, false, false, 1.0, 0.0);
                INDArray zp = NativeBuffers.plain(z);
                FloatBuffer zb = NativeBuffers.floats(zp);
                for (int oc = 0; oc < o; oc++) {                    // z[n, oc, p] = Z₂[oc, n·P + p] + b[oc]
                    z2F.get(oc * rowF.length, rowF);
                    if (bias != null) {
                        float bo = (float) bias[oc];
                        for (int i = 0; i < rowF.length; i++) {
                            rowF[i] += bo;
                        }
                    }
                    if (relu) {
                        for (int i = 0; i < rowF.length; i++) {
                            rowF[i] = Math.max(rowF[i], 0f);           // branch-free (vectorised)
                        }
                    }
                    for (int img = 0; img < n; img++) {
                        zb.put((img * o + oc) * g.pixels, rowF, img * g.pixels, g.pixels);
                    }
                }
                if (zp != z) {
                    z.assign(zp);
                }
            } else {
                xD = NativeBuffers.read(x, xD);
                for (int r = 0; r < g.rows; r++) {
                    g.gatherRow(xD, n, r, rowD, 0);
                    colTD.put(r * rowD.length, rowD);
                }
                Nd4j.gemm(matrix(w, o, g.rows), colT, z2, false, false, 1.0, 0.0);
                INDArray zp = NativeBuffers.plain(z);
                DoubleBuffer zb = NativeBuffers.doubles(zp);
                for (int oc = 0; oc < o; oc++) {
                    z2D.get(oc * rowD.length, rowD);
                    if (bias != null) {
                        double bo = bias[oc];
                        for (int i = 0; i < rowD.length; i++) {
                            rowD[i] += bo;
                        }
                    }
                    if (relu) {
                        for (int i = 0; i < rowD.length; i++) {
                            rowD[i] = Math.max(rowD[i], 0.0);
                        }
                    }
                    for (int img = 0; img < n; img++) {
                        zb.put((img * o + oc) * g.pixels, rowD, img * g.pixels, g.pixels);
                    }
                }
                if (zp != z) {
                    z.assign(zp);
                }
            }
        }
        return z;
    }

    /**
     * Gradients of the last {@link #forward} given {@code delta} = ∂L/∂(its output, z or relu(z)): writes {@code ∂L/∂w} into
     * {@code weightGrad} and {@code ∂L/∂b} into {@code biasGrad} (if not null) and returns {@code ∂L/∂x}.
     *
     * @param delta    {@code [N, O, outH, outW]}, the gradient with respect to the last forward's output
     * @param w        the weights of that forward, {@code [O, C, kH, kW]}
     * @param allocate creates the input-gradient array ('c' order) of the given shape
     */
    public INDArray backward(INDArray delta, INDArray w, INDArray weightGrad, INDArray biasGrad,
                             Function<long[], INDArray> allocate) {
        if (geometry == null) {
            throw new IllegalStateException("convolution backward called before any forward");
        }
        Im2col g = geometry;
        int o = outChannels;
        long[] expected = {batch, o, g.outH, g.outW};
        if (!java.util.Arrays.equals(delta.shape(), expected) || w.size(0) != o) {
            throw new IllegalArgumentException("convolution backward expects a gradient of shape "
                    + java.util.Arrays.toString(expected) + " (the last forward's output) but got "
                    + java.util.Arrays.toString(delta.shape()));
        }
        INDArray dx = allocate.apply(new long[]{batch, g.channels, g.height, g.width});
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray d = NativeBuffers.plain(delta.castTo(type));
            double[] biasSum = biasGrad == null ? null : new double[o];
            if (type == DataType.FLOAT) {
                FloatBuffer db = NativeBuffers.floats(d);
                for (int oc = 0; oc < o; oc++) {                    // D₂[oc, n·P + p] = δ[n, oc, p]; ∂b[oc] = Σ D₂[oc, ·]
                    for (int img = 0; img < batch; img++) {
                        db.get((img * o + oc) * g.pixels, rowF, img * g.pixels, g.pixels);
                    }
                    if (forwardRelu) {                              // ∂L/∂z = ∂L/∂relu(z) where z > 0
                        z2F.get(oc * zRowF.length, zRowF);
                        if (forwardBias != null) {
                            float bo = (float) forwardBias[oc];
                            for (int i = 0; i < rowF.length; i++) {
                                rowF[i] = passIfPositive(rowF[i], zRowF[i] + bo);
                            }
                        } else {
                            for (int i = 0; i < rowF.length; i++) {
                                rowF[i] = passIfPositive(rowF[i], zRowF[i]);
                            }
                        }
                    }
                    if (biasSum != null) {
                        biasSum[oc] = sum(rowF);
                    }
                    delta2F.put(oc * rowF.length, rowF);
                }
            } else {
                DoubleBuffer db = NativeBuffers.doubles(d);
                for (int oc = 0; oc < o; oc++) {
                    for (int img = 0; img < batch; img++) {
                        db.get((img * o + oc) * g.pixels, rowD, img * g.pixels, g.pixels);
                    }
                    if (forwardRelu) {
                        z2D.get(oc * zRowD.length, zRowD);
                        if (forwardBias != null) {
                            double bo = forwardBias[oc];
                            for (int i = 0; i < rowD.length; i++) {
                                rowD[i] = passIfPositive(rowD[i], zRowD[i] + bo);
                            }
                        } else {
                            for (int i = 0; i < rowD.length; i++) {
                                rowD[i] = passIfPositive(rowD[i], zRowD[i]);
                            }
                        }
                    }
                    if (biasSum != null) {
                        biasSum[oc] = sum(rowD);
                    }
                    delta2D.put(oc * rowD.length, rowD);
                }
            }
            if (biasGrad != null && biasGrad.dataType() == DataType.FLOAT) {
                NativeBuffers.write(biasGrad, toFloat(biasSum));
            } else if (biasGrad != null) {
                NativeBuffers.write(biasGrad, biasSum);
            }
            INDArray wm = matrix(w, o, g.rows);
            INDArray dWTarget = contiguousC(weightGrad) ? weightGrad.reshape('c', o, g.rows) : null;
            if (dWTarget != null && sameMemory(dWTarget, weightGrad)) {
                Nd4j.gemm(delta2, colT, dWTarget, false, true, 1.0, 0.0);   // ∂W = D₂ · colTᵀ straight into the view
            } else {
                Nd4j.gemm(delta2, colT, dW, false, true, 1.0, 0.0);
                weightGrad.assign(dW.reshape(weightGrad.shape()));
            }
            Nd4j.gemm(wm, delta2, dColT, true, false, 1.0, 0.0);    // ∂colT = Wᵀ · D₂
            if (type == DataType.FLOAT) {
                java.util.Arrays.fill(dxF, 0f);
                for (int r = 0; r < g.rows; r++) {                  // ∂x = col2im(∂colT), row by row via cache
                    dColTF.get(r * rowF.length, rowF);
                    g.scatterAddRow(rowF, 0, batch, r, dxF);
                }
                NativeBuffers.write(dx, dxF);
            } else {
                java.util.Arrays.fill(dxD, 0.0);
                for (int r = 0; r < g.rows; r++) {
                    dColTD.get(r * rowD.length, rowD);
                    g.scatterAddRow(rowD, 0, batch, r, dxD);
                }
                NativeBuffers.write(dx, dxD);
            }
        }
        return dx;
    }

    /** (Re)builds the geometry and scratch arrays when the shape or type changed since the last call. */
    private void prepare(DataType t, int n, int c, int h, int w, int kh, int kw, int[] stride, int[] padding, int o) {
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            throw new IllegalArgumentException("convolution runs in FLOAT or DOUBLE but the input is " + t);
        }
        boolean same = geometry != null && t == type && n == batch && geometry.channels == c && geometry.height == h
                && geometry.width == w && outChannels == o && sameKernel(kh, kw, stride, padding);
        if (same) {
            return;
        }
        Im2col g = new Im2col(c, h, w, kh, kw, stride[0], stride[1], padding[0], padding[1]);
        int np = Math.multiplyExact(n, g.pixels);
        Math.multiplyExact(g.rows, np);                             // the buffers index with int
        Math.multiplyExact(o, np);
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            colT = Nd4j.createUninitialized(t, new long[]{g.rows, np}, 'c');
            dColT = Nd4j.createUninitialized(t, new long[]{g.rows, np}, 'c');
            z2 = Nd4j.createUninitialized(t, new long[]{o, np}, 'c');
            delta2 = Nd4j.createUninitialized(t, new long[]{o, np}, 'c');
            dW = Nd4j.createUninitialized(t, new long[]{o, g.rows}, 'c');
        }
        boolean f = t == DataType.FLOAT;
        colTF = f ? NativeBuffers.floats(colT) : null;
        z2F = f ? NativeBuffers.floats(z2) : null;
        delta2F = f ? NativeBuffers.floats(delta2) : null;
        dColTF = f ? NativeBuffers.floats(dColT) : null;
        colTD = f ? null : NativeBuffers.doubles(colT);
        z2D = f ? null : NativeBuffers.doubles(z2);
        delta2D = f ? null : NativeBuffers.doubles(delta2);
        dColTD = f ? null : NativeBuffers.doubles(dColT);
        int imagesSize = Math.multiplyExact(n, g.imageSize());
        rowF = f ? new float[np] : null;
        zRowF = f ? new float[np] : null;
        zRowD = f ? null : new double[np];
        dxF = f ? new float[imagesSize] : null;
        rowD = f ? null : new double[np];
        dxD = f ? null : new double[imagesSize];
        xF = null;
        xD = null;
        kernel = new int[]{kh, kw, stride[0], stride[1], padding[0], padding[1]};
        geometry = g;
        batch = n;
        outChannels = o;
        type = t;
    }

    private boolean sameKernel(int kh, int kw, int[] stride, int[] padding) {
        return java.util.Arrays.equals(kernel, new int[]{kh, kw, stride[0], stride[1], padding[0], padding[1]});
    }

    /** The weights {@code [O, C, kH, kW]} as the row-major matrix {@code [O, C·kH·kW]} (a view when possible). */
    private static INDArray matrix(INDArray w, int rows, int cols) {
        return w.reshape('c', rows, cols);
    }

    /**
     * True when {@code a} is contiguous in 'c' order with default strides (it may be a view at an
     * offset, as DL4J's gradient views are), so that its 2-D reshape is a view a gemm can write into.
     */
    private static boolean contiguousC(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1
                && java.util.Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }

    /** True when {@code a} and {@code b} start at the same element of the same memory (a reshape was a view). */
    private static boolean sameMemory(INDArray a, INDArray b) {
        return a.data().address() == b.data().address() && a.offset() == b.offset();
    }

    /**
     * {@code z > 0 ? g : 0} without a branch: the sign of z is random, and a branch the JIT compiled
     * from a skewed warm-up profile cost 4 ms per ST-CNN iteration (issue 7 profile). z > 0 exactly
     * when its bits, as an int, are > 0 (−0 and negative z have the sign bit set); a NaN z with a
     * clear sign bit passes the gradient.
     */
    static float passIfPositive(float g, float z) {
        int b = Float.floatToRawIntBits(z);
        int mask = ((-b) & ~b) >> 31;                        // all ones when b > 0, else 0
        return Float.intBitsToFloat(Float.floatToRawIntBits(g) & mask);
    }

    /** As {@link #passIfPositive(float, float)}, in double. */
    static double passIfPositive(double g, double z) {
        long b = Double.doubleToRawLongBits(z);
        long mask = ((-b) & ~b) >> 63;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(g) & mask);
    }

    /** Σ v in double, over four interleaved partial sums (independent additions pipeline). */
    private static double sum(float[] v) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < v.length; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < v.length; i++) {
            s0 += v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** As {@link #sum(float[])}. */
    private static double sum(double[] v) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < v.length; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < v.length; i++) {
            s0 += v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
