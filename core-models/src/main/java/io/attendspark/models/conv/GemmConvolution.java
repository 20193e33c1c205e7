package io.attendspark.models.conv;

import java.util.function.Function;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
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
 * <p>Not thread-safe: one instance per layer instance.
 */
public final class GemmConvolution {

    private Im2col geometry;
    private int[] kernel;           // {kH, kW, sH, sW, pH, pW} of geometry
    private int batch;
    private DataType type;
    private INDArray colT;          // [rows, N·P], the gathered input of the last forward
    private INDArray z2;            // [O, N·P]
    private INDArray delta2;        // [O, N·P]
    private INDArray dColT;         // [rows, N·P]
    private INDArray dW;            // [O, rows]
    private float[] floatX;
    private float[] floatCols;
    private double[] doubleX;
    private double[] doubleCols;

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
        int outChannels = Math.toIntExact(w.size(0));
        prepare(x.dataType(), n, Math.toIntExact(x.size(1)), Math.toIntExact(x.size(2)), Math.toIntExact(x.size(3)),
                Math.toIntExact(w.size(2)), Math.toIntExact(w.size(3)), stride, padding, outChannels);
        Im2col g = geometry;
        INDArray z;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (type == DataType.FLOAT) {
                floatX = NativeBuffers.read(x, floatX);
                g.gather(floatX, n, floatCols);
                ((FloatPointer) colT.data().pointer()).put(floatCols, 0, floatCols.length);
            } else {
                doubleX = NativeBuffers.read(x, doubleX);
                g.gather(doubleX, n, doubleCols);
                ((DoublePointer) colT.data().pointer()).put(doubleCols, 0, doubleCols.length);
            }
            Nd4j.gemm(matrix(w, outChannels, g.rows), colT, z2, false, false, 1.0, 0.0);
        }
        z = allocate.apply(new long[]{n, outChannels, g.outH, g.outW});
        z.reshape('c', n, outChannels, g.pixels).assign(z2.reshape('c', outChannels, n, g.pixels).permute(1, 0, 2));
        if (b != null) {
            Nd4j.exec(new BroadcastAddOp(z, b.reshape(outChannels), z, 1));
        }
        return z;
    }

    /**
     * Gradients of the last {@link #forward} given {@code delta = ∂L/∂z}: writes {@code ∂L/∂w} into
     * {@code weightGrad} and {@code ∂L/∂b} into {@code biasGrad} (if not null) and returns {@code ∂L/∂x}.
     *
     * @param delta    {@code [N, O, outH, outW]}
     * @param w        the weights of that forward, {@code [O, C, kH, kW]}
     * @param allocate creates the input-gradient array ('c' order) of the given shape
     */
    public INDArray backward(INDArray delta, INDArray w, INDArray weightGrad, INDArray biasGrad,
                             Function<long[], INDArray> allocate) {
        if (geometry == null) {
            throw new IllegalStateException("convolution backward called before any forward");
        }
        Im2col g = geometry;
        int outChannels = Math.toIntExact(w.size(0));
        long[] expected = {batch, outChannels, g.outH, g.outW};
        if (!java.util.Arrays.equals(delta.shape(), expected)) {
            throw new IllegalArgumentException("convolution backward expects a gradient of shape "
                    + java.util.Arrays.toString(expected) + " (the last forward's output) but got "
                    + java.util.Arrays.toString(delta.shape()));
        }
        INDArray dx = allocate.apply(new long[]{batch, g.channels, g.height, g.width});
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            delta2.reshape('c', outChannels, batch, g.pixels)
                    .assign(delta.castTo(type).reshape('c', batch, outChannels, g.pixels).permute(1, 0, 2));
            if (biasGrad != null) {
                biasGrad.assign(delta2.sum(1).reshape(biasGrad.shape()));
            }
            Nd4j.gemm(delta2, colT, dW, false, true, 1.0, 0.0);
            weightGrad.assign(dW.reshape(weightGrad.shape()));
            Nd4j.gemm(matrix(w, outChannels, g.rows), delta2, dColT, true, false, 1.0, 0.0);
            if (type == DataType.FLOAT) {
                ((FloatPointer) dColT.data().pointer()).get(floatCols, 0, floatCols.length);
                float[] dxv = new float[batch * g.imageSize()];
                g.scatterAdd(floatCols, batch, dxv);
                NativeBuffers.write(dx, dxv);
            } else {
                ((DoublePointer) dColT.data().pointer()).get(doubleCols, 0, doubleCols.length);
                double[] dxv = new double[batch * g.imageSize()];
                g.scatterAdd(doubleCols, batch, dxv);
                NativeBuffers.write(dx, dxv);
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
                && geometry.width == w && z2.size(0) == o && sameKernel(kh, kw, stride, padding);
        if (same) {
            return;
        }
        Im2col g = new Im2col(c, h, w, kh, kw, stride[0], stride[1], padding[0], padding[1]);
        long np = (long) n * g.pixels;
        int cols = Math.toIntExact(g.rows * np);
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            colT = Nd4j.createUninitialized(t, new long[]{g.rows, np}, 'c');
            dColT = Nd4j.createUninitialized(t, new long[]{g.rows, np}, 'c');
            z2 = Nd4j.createUninitialized(t, new long[]{o, np}, 'c');
            delta2 = Nd4j.createUninitialized(t, new long[]{o, np}, 'c');
            dW = Nd4j.createUninitialized(t, new long[]{o, g.rows}, 'c');
        }
        floatCols = t == DataType.FLOAT ? new float[cols] : null;
        doubleCols = t == DataType.DOUBLE ? new double[cols] : null;
        kernel = new int[]{kh, kw, stride[0], stride[1], padding[0], padding[1]};
        geometry = g;
        batch = n;
        type = t;
    }

    private boolean sameKernel(int kh, int kw, int[] stride, int[] padding) {
        return java.util.Arrays.equals(kernel, new int[]{kh, kw, stride[0], stride[1], padding[0], padding[1]});
    }

    /** The weights {@code [O, C, kH, kW]} as the row-major matrix {@code [O, C·kH·kW]} (a view when possible). */
    private static INDArray matrix(INDArray w, int rows, int cols) {
        return w.reshape('c', rows, cols);
    }
}
