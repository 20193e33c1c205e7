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
 * and one gemm per image, and its backward pass as two gemms and a Java col2im per image. This
 * replaces DL4J 1.0.0-M2.1's {@code ConvolutionLayer} path, which spends about half of the CNN's
 * time in a native im2col that writes into a permuted (strided) array and most of the rest in
 * element-wise ops over permuted views (issue 7 profile).
 *
 * <p>Per image n, with its columns {@code col_n [R, P]} (R = C·kH·kW taps, P output pixels):
 * forward {@code z_n [O, P] = W[O, R] · col_n + b}; backward, with {@code δ_n = ∂L/∂z_n}:
 * {@code ∂W += δ_n · col_nᵀ}, {@code ∂b[o] += Σ_p δ_n[o, p]}, {@code ∂col_n = Wᵀ · δ_n} and
 * {@code ∂x_n = col2im(∂col_n)}. z_n and δ_n are image n's block of the NCHW arrays as they are, so
 * nothing is permuted; every per-image block (columns, product, ∂col) is small enough to stay in
 * cache between the Java pass that writes it and the gemm that reads it, or the other way round.
 * The gemms go through {@link CpuGemm} (OpenBLAS's cblas; ND4J ops cost too much per call for
 * per-image products). The backward gathers each image's columns again from the last forward's
 * input (kept as a Java array): a few row copies per image, where keeping every image's columns
 * meant writing and reading back {@code N·R·P} values (3.7 MB for the ST-CNN's first conv).
 *
 * <p>With {@code relu} the forward returns {@code relu(z)}, applied in the same pass, and the
 * backward applies the relu's derivative while it reads δ (from the kept activations: relu(z) > 0
 * exactly where z > 0), so a layer with a relu needs no copy of z and no extra passes.
 *
 * <p>{@link #forwardReluPool} goes one step further for a conv followed by relu and 2×2 max pooling
 * ({@link MaxPoolRelu}): each image's z block is pooled while it is still in cache, so the full
 * {@code [N, O, outH, outW]} map is never written, nor read back, nor its gradient (issue 7: the
 * ST-CNN's first convs' maps and gradients were 3-5 MB each, several passes per iteration).
 *
 * <p>Float convolutions of {@link OneDnnConvolution#MIN_CHANNELS} input channels or more run on
 * libnd4j's oneDNN kernels instead, when the backend has them ({@link OneDnnConvolution}).
 *
 * <p>Not thread-safe: one instance per layer instance.
 */
public final class GemmConvolution {

    private Im2col geometry;
    private int[] kernel;           // {kH, kW, sH, sW, pH, pW} of geometry
    private int batch;
    private int outChannels;
    private DataType type;
    // native scratch ('c', outside the workspaces)
    private CpuGemm cols;           // [R, P]: one image's columns
    private CpuGemm weights;        // [O, R]: the weights of the current call, as a matrix
    private CpuGemm product;        // [O, P]: one image's z, or its δ in the backward
    private CpuGemm dCol;           // [R, P]: one image's ∂col
    private CpuGemm dW;             // [O, R]: ∂W, summed over the images
    private FloatBuffer colsF, weightsF, productF, dColF, dWF;
    private DoubleBuffer colsD, weightsD, productD, dColD, dWD;
    // Java scratch: one image's block of columns ([R, P]) and of z or δ ([O, P]), the weights, the
    // input images, the input gradient, and the activations kept for a relu backward
    private float[] colF, blockF, wF, xF, dxF, keptF;
    private double[] colD, blockD, wD, xD, dxD, keptD;
    // the last forward's bias (null for none) and whether it returned relu(z)
    private double[] forwardBias;
    private boolean forwardRelu;
    // relu + 2x2 max pooling for forwardReluPool (built by its first call for the shape), whether the
    // last forward used it, its bias in the network type, and one image's pooled block or its gradient
    private MaxPoolRelu reluPool;
    private boolean forwardPooled;
    // false from the start of a forward until it completes: a backward after a failed forward is refused
    private boolean forwardComplete;
    private float[] poolBiasF, pooledF;
    private double[] poolBiasD, pooledD;
    // float convolutions of many channels go to libnd4j's oneDNN kernels when the backend has them
    private OneDnnConvolution oneDnn;
    private boolean forwardOnOneDnn;

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
        return convolve(x, w, b, stride, padding, relu, false, allocate);
    }

    /**
     * {@code relu(maxpool2x2(conv(x; w)) + b)}, 2×2 windows with stride 2 over the convolution's
     * output (an odd last row or column is dropped), pooled image by image ({@link MaxPoolRelu}); the
     * backward then takes the gradient with respect to this output. Never on oneDNN: meant for the
     * few-channel first convolutions, whose full output map costs more memory traffic than compute.
     *
     * @return {@code [N, O, outH/2, outW/2]}, allocated by {@code allocate}
     * @see #forward(INDArray, INDArray, INDArray, int[], int[], Function)
     */
    public INDArray forwardReluPool(INDArray x, INDArray w, INDArray b, int[] stride, int[] padding,
                                    Function<long[], INDArray> allocate) {
        return convolve(x, w, b, stride, padding, true, true, allocate);
    }

    private INDArray convolve(INDArray x, INDArray w, INDArray b, int[] stride, int[] padding, boolean relu,
                              boolean pooled, Function<long[], INDArray> allocate) {
        if (x.rank() != 4 || w.rank() != 4 || x.size(1) != w.size(1)) {
            throw new IllegalArgumentException("convolution needs input [N, C, H, W] and weights [O, C, kH, kW] with"
                    + " the same C but got input " + java.util.Arrays.toString(x.shape()) + " and weights "
                    + java.util.Arrays.toString(w.shape()));
        }
        if (x.dataType() != w.dataType()) {
            throw new IllegalArgumentException("convolution input is " + x.dataType() + " but weights are "
                    + w.dataType());
        }
        forwardComplete = false;
        forwardOnOneDnn = !pooled && OneDnnConvolution.use(x.dataType(), Math.toIntExact(x.size(1)));
        if (forwardOnOneDnn) {
            if (oneDnn == null) {
                oneDnn = new OneDnnConvolution();
            }
            INDArray out = oneDnn.forward(x, w, b, stride, padding, relu, allocate);
            forwardComplete = true;
            return out;
        }
        int n = Math.toIntExact(x.size(0));
        int o = Math.toIntExact(w.size(0));
        prepare(x.dataType(), n, Math.toIntExact(x.size(1)), Math.toIntExact(x.size(2)), Math.toIntExact(x.size(3)),
                Math.toIntExact(w.size(2)), Math.toIntExact(w.size(3)), stride, padding, o);
        Im2col g = geometry;
        int op = o * g.pixels;
        MaxPoolRelu pool = pooled ? reluPool() : null;
        int outOp = pooled ? o * pool.outH() * pool.outW() : op;      // output values per image
        INDArray z = allocate.apply(pooled ? new long[]{n, o, pool.outH(), pool.outW()}
                : new long[]{n, o, g.outH, g.outW});
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            double[] bias = b == null ? null : NativeBuffers.read(b.castTo(DataType.DOUBLE), (double[]) null);
            forwardBias = bias;
            forwardRelu = relu && !pooled;
            forwardPooled = pooled;
            if (forwardRelu) {
                keepActivations(n * op);
            }
            INDArray zp = NativeBuffers.plain(z);
            if (type == DataType.FLOAT) {
                wF = NativeBuffers.read(w, wF);
                weightsF.put(0, wF);
                xF = NativeBuffers.read(x, xF);
                poolBiasF = pooled && bias != null ? toFloat(bias) : null;
                FloatBuffer zb = NativeBuffers.floats(zp);
                for (int img = 0; img < n; img++) {
                    imageGemm(img, o);                                                 // z_n = W · col_n
                    productF.get(0, blockF);
                    if (pooled) {
                        pool.forward(blockF, 0, poolBiasF, pooledF, 0, img * o, (img + 1) * o);
                        zb.put(img * outOp, pooledF);
                        continue;
                    }
                    finishForward(blockF, bias, relu, g.pixels);
                    if (relu) {
                        System.arraycopy(blockF, 0, keptF, img * op, op);
                    }
                    zb.put(img * op, blockF);
                }
            } else {
                wD = NativeBuffers.read(w, wD);
                weightsD.put(0, wD);
                xD = NativeBuffers.read(x, xD);
                poolBiasD = pooled ? bias : null;
                DoubleBuffer zb = NativeBuffers.doubles(zp);
                for (int img = 0; img < n; img++) {
                    imageGemm(img, o);
                    productD.get(0, blockD);
                    if (pooled) {
                        pool.forward(blockD, 0, poolBiasD, pooledD, 0, img * o, (img + 1) * o);
                        zb.put(img * outOp, pooledD);
                        continue;
                    }
                    finishForward(blockD, bias, relu, g.pixels);
                    if (relu) {
                        System.arraycopy(blockD, 0, keptD, img * op, op);
                    }
                    zb.put(img * op, blockD);
                }
            }
            if (zp != z) {
                z.assign(zp);
            }
        }
        forwardComplete = true;
        return z;
    }

    /** Image n's columns into {@code cols} (from the last forward's input), then {@code product = W · col_n}. */
    private void imageGemm(int img, int o) {
        gatherColumns(img);
        Im2col g = geometry;
        CpuGemm.gemm(false, false, o, g.pixels, g.rows, weights, 0, g.rows, cols, 0, g.pixels, 0.0, product, 0,
                g.pixels);
    }

    /** Image n's column matrix {@code [R, P]} of the last forward's input into {@code cols}. */
    private void gatherColumns(int img) {
        if (type == DataType.FLOAT) {
            geometry.gatherImage(xF, img, colF, 0);
            colsF.put(0, colF);
        } else {
            geometry.gatherImage(xD, img, colD, 0);
            colsD.put(0, colD);
        }
    }

    /** The pooling of the current shape, with its one-image scratch. */
    private MaxPoolRelu reluPool() {
        if (reluPool == null) {
            Im2col g = geometry;
            reluPool = new MaxPoolRelu(batch, outChannels, g.outH, g.outW);
            int outOp = outChannels * reluPool.outH() * reluPool.outW();
            pooledF = type == DataType.FLOAT ? new float[outOp] : null;
            pooledD = type == DataType.FLOAT ? null : new double[outOp];
        }
        return reluPool;
    }

    /**
     * Gradients of the last {@link #forward} or {@link #forwardReluPool} given {@code delta} = ∂L/∂(its
     * output: z, relu(z) or the pooled relu): writes {@code ∂L/∂w} into {@code weightGrad} and
     * {@code ∂L/∂b} into {@code biasGrad} (if not null) and returns {@code ∂L/∂x}.
     *
     * @param delta    the gradient with respect to the last forward's output, of its shape
     * @param w        the weights of that forward, {@code [O, C, kH, kW]}
     * @param allocate creates the input-gradient array ('c' order) of the given shape; null for no
     *                 input gradient (the input is the network's): the ∂col products and col2im are
     *                 skipped and null is returned
     */
    public INDArray backward(INDArray delta, INDArray w, INDArray weightGrad, INDArray biasGrad,
                             Function<long[], INDArray> allocate) {
        if (!forwardComplete) {
            throw new IllegalStateException("convolution backward called before any forward, or after one that failed");
        }
        if (forwardOnOneDnn) {
            return oneDnn.backward(delta, w, weightGrad, biasGrad, allocate);
        }
        Im2col g = geometry;
        int o = outChannels;
        long[] expected = forwardPooled ? new long[]{batch, o, reluPool.outH(), reluPool.outW()}
                : new long[]{batch, o, g.outH, g.outW};
        int outOp = Math.toIntExact(expected[1] * expected[2] * expected[3]);      // values per image of delta
        if (!java.util.Arrays.equals(delta.shape(), expected) || w.size(0) != o) {
            throw new IllegalArgumentException("convolution backward expects a gradient of shape "
                    + java.util.Arrays.toString(expected) + " (the last forward's output) but got "
                    + java.util.Arrays.toString(delta.shape()));
        }
        int op = o * g.pixels;
        boolean inputGradient = allocate != null;
        INDArray dx = inputGradient ? allocate.apply(new long[]{batch, g.channels, g.height, g.width}) : null;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray d = NativeBuffers.plain(delta.castTo(type));
            double[] biasSum = biasGrad == null ? null : new double[o];
            if (type == DataType.FLOAT) {
                wF = NativeBuffers.read(w, wF);
                weightsF.put(0, wF);
                FloatBuffer db = NativeBuffers.floats(d);
                if (inputGradient) {
                    java.util.Arrays.fill(dxF, 0f);
                }
                for (int img = 0; img < batch; img++) {
                    if (forwardPooled) {                                        // δ_n through the pool and relu
                        db.get(img * outOp, pooledF);
                        reluPool.backward(pooledF, 0, blockF, 0, img * o, (img + 1) * o, biasSum);
                    } else {
                        db.get(img * op, blockF);                               // δ_n, masked by the relu
                        if (forwardRelu) {
                            for (int i = 0; i < op; i++) {
                                blockF[i] = passIfPositive(blockF[i], keptF[img * op + i]);
                            }
                        }
                        addRowSums(blockF, biasSum, g.pixels);
                    }
                    productF.put(0, blockF);
                    backwardGemms(img, o, inputGradient);
                    if (inputGradient) {
                        dColF.get(0, colF);
                        g.scatterAddImage(colF, 0, img, dxF);                   // ∂x_n = col2im(∂col_n)
                    }
                }
                dWF.get(0, wF);
                NativeBuffers.write(weightGrad, wF);
                if (inputGradient) {
                    NativeBuffers.write(dx, dxF);
                }
            } else {
                wD = NativeBuffers.read(w, wD);
                weightsD.put(0, wD);
                DoubleBuffer db = NativeBuffers.doubles(d);
                if (inputGradient) {
                    java.util.Arrays.fill(dxD, 0.0);
                }
                for (int img = 0; img < batch; img++) {
                    if (forwardPooled) {
                        db.get(img * outOp, pooledD);
                        reluPool.backward(pooledD, 0, blockD, 0, img * o, (img + 1) * o, biasSum);
                    } else {
                        db.get(img * op, blockD);
                        if (forwardRelu) {
                            for (int i = 0; i < op; i++) {
                                blockD[i] = passIfPositive(blockD[i], keptD[img * op + i]);
                            }
                        }
                        addRowSums(blockD, biasSum, g.pixels);
                    }
                    productD.put(0, blockD);
                    backwardGemms(img, o, inputGradient);
                    if (inputGradient) {
                        dColD.get(0, colD);
                        g.scatterAddImage(colD, 0, img, dxD);
                    }
                }
                dWD.get(0, wD);
                NativeBuffers.write(weightGrad, wD);
                if (inputGradient) {
                    NativeBuffers.write(dx, dxD);
                }
            }
            if (biasGrad != null && biasGrad.dataType() == DataType.FLOAT) {
                NativeBuffers.write(biasGrad, toFloat(biasSum));
            } else if (biasGrad != null) {
                NativeBuffers.write(biasGrad, biasSum);
            }
        }
        return dx;
    }

    /** The array the relu backward reads its mask from, {@code [N·O·P]} (only a relu forward needs it). */
    private void keepActivations(int length) {
        if (type == DataType.FLOAT && (keptF == null || keptF.length != length)) {
            keptF = new float[length];
        } else if (type == DataType.DOUBLE && (keptD == null || keptD.length != length)) {
            keptD = new double[length];
        }
    }

    /**
     * ∂W (+)= δ_n · col_nᵀ (the first image overwrites; col_n gathered again from the forward's input) and,
     * if asked, ∂col_n = Wᵀ · δ_n, with δ_n in {@code product}.
     */
    private void backwardGemms(int img, int o, boolean inputGradient) {
        Im2col g = geometry;
        gatherColumns(img);
        CpuGemm.gemm(false, true, o, g.rows, g.pixels, product, 0, g.pixels, cols, 0, g.pixels,
                img == 0 ? 0.0 : 1.0, dW, 0, g.rows);
        if (!inputGradient) {
            return;
        }
        CpuGemm.gemm(true, false, g.rows, g.pixels, o, weights, 0, g.rows, product, 0, g.pixels, 0.0, dCol, 0,
                g.pixels);
    }

    /** One image's {@code [O, P]} block: + b[o] on row o, then the relu if asked. */
    private static void finishForward(float[] block, double[] bias, boolean relu, int pixels) {
        if (bias != null) {
            for (int oc = 0; oc < bias.length; oc++) {
                float bo = (float) bias[oc];
                for (int i = oc * pixels, end = i + pixels; i < end; i++) {
                    block[i] += bo;
                }
            }
        }
        if (relu) {
            for (int i = 0; i < block.length; i++) {
                block[i] = Math.max(block[i], 0f);           // branch-free (vectorised)
            }
        }
    }

    /** As {@link #finishForward(float[], double[], boolean, int)}, in double. */
    private static void finishForward(double[] block, double[] bias, boolean relu, int pixels) {
        if (bias != null) {
            for (int oc = 0; oc < bias.length; oc++) {
                double bo = bias[oc];
                for (int i = oc * pixels, end = i + pixels; i < end; i++) {
                    block[i] += bo;
                }
            }
        }
        if (relu) {
            for (int i = 0; i < block.length; i++) {
                block[i] = Math.max(block[i], 0.0);
            }
        }
    }

    /** {@code sums[o] += Σ_p block[o·P + p]} (nothing when sums is null). */
    private static void addRowSums(float[] block, double[] sums, int pixels) {
        if (sums == null) {
            return;
        }
        for (int oc = 0; oc < sums.length; oc++) {
            double s0 = 0, s1 = 0;
            int i = oc * pixels, end = i + pixels;
            for (; i + 1 < end; i += 2) {
                s0 += block[i];
                s1 += block[i + 1];
            }
            if (i < end) {
                s0 += block[i];
            }
            sums[oc] += s0 + s1;
        }
    }

    /** As {@link #addRowSums(float[], double[], int)}, in double. */
    private static void addRowSums(double[] block, double[] sums, int pixels) {
        if (sums == null) {
            return;
        }
        for (int oc = 0; oc < sums.length; oc++) {
            double s0 = 0, s1 = 0;
            int i = oc * pixels, end = i + pixels;
            for (; i + 1 < end; i += 2) {
                s0 += block[i];
                s1 += block[i + 1];
            }
            if (i < end) {
                s0 += block[i];
            }
            sums[oc] += s0 + s1;
        }
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
        int rp = Math.multiplyExact(g.rows, g.pixels);
        int op = Math.multiplyExact(o, g.pixels);
        Math.multiplyExact(n, op);                                   // the kept activations index with int
        int imagesSize = Math.multiplyExact(n, g.imageSize());
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            cols = new CpuGemm(Nd4j.createUninitialized(t, new long[]{rp}, 'c'));
            weights = new CpuGemm(Nd4j.createUninitialized(t, new long[]{(long) o * g.rows}, 'c'));
            product = new CpuGemm(Nd4j.createUninitialized(t, new long[]{op}, 'c'));
            dCol = new CpuGemm(Nd4j.createUninitialized(t, new long[]{rp}, 'c'));
            dW = new CpuGemm(Nd4j.createUninitialized(t, new long[]{(long) o * g.rows}, 'c'));
        }
        boolean f = t == DataType.FLOAT;
        colsF = f ? NativeBuffers.floats(cols.array()) : null;
        weightsF = f ? NativeBuffers.floats(weights.array()) : null;
        productF = f ? NativeBuffers.floats(product.array()) : null;
        dColF = f ? NativeBuffers.floats(dCol.array()) : null;
        dWF = f ? NativeBuffers.floats(dW.array()) : null;
        colsD = f ? null : NativeBuffers.doubles(cols.array());
        weightsD = f ? null : NativeBuffers.doubles(weights.array());
        productD = f ? null : NativeBuffers.doubles(product.array());
        dColD = f ? null : NativeBuffers.doubles(dCol.array());
        dWD = f ? null : NativeBuffers.doubles(dW.array());
        colF = f ? new float[rp] : null;
        blockF = f ? new float[op] : null;
        dxF = f ? new float[imagesSize] : null;
        keptF = null;                                                // allocated by the first relu forward
        colD = f ? null : new double[rp];
        blockD = f ? null : new double[op];
        dxD = f ? null : new double[imagesSize];
        keptD = null;
        reluPool = null;                                             // built by the first pooled forward
        wF = null;
        wD = null;
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

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
