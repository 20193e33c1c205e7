package io.attendspark.models.conv;

import io.attendspark.models.dl4j.NativeBuffers;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The same convolution as {@link GemmConvolution}'s im2col + gemm, through libnd4j's {@code conv2d}
 * and {@code conv2d_bp} ops, for the CPU backend built with oneDNN (the {@code -onednn-avx2}
 * native classifier), whose direct convolution kernels beat per-image gemms on multi-channel inputs:
 * forward + backward of the ST-CNN's second conv (32 → 64 channels, 12×12, batch 64, float) took
 * 6.5 ms against 18.9 ms, the first conv (1 → 32 channels, 28×28) 7.9 ms against 6.3 (scratch
 * ConvX, one thread). Hence {@link #use}: float inputs with at least {@link #MIN_CHANNELS}
 * channels when the backend has oneDNN. Without oneDNN the same ops run libnd4j's generic kernels,
 * 5-7× slower than the gemms, so they are never chosen then. {@code -Dattend.conv=gemm} or
 * {@code =onednn} overrides the choice (benchmarks, tests).
 *
 * <p>Not thread-safe: one instance per {@link GemmConvolution}.
 */
final class OneDnnConvolution {
    /** Input channels from which the oneDNN kernels win here (1-channel inputs: gemm wins). */
    static final int MIN_CHANNELS = 8;
    /** Whether the loaded libnd4j was built with oneDNN (and may use it). */
    static final boolean AVAILABLE = detect();
    private static final String MODE = System.getProperty("attend.conv", "auto");

    private INDArray x;             // the last forward's input, weights and bias (detached copies)
    private INDArray w;
    private INDArray b;
    private int[] args;
    private boolean relu;
    private float[] kept;           // z of a relu forward
    private long[] outShape;

    /** Whether a convolution of {@code channels} input channels in {@code type} takes this path. */
    static boolean use(DataType type, int channels) {
        if (!AVAILABLE || type != DataType.FLOAT || "gemm".equals(MODE)) {
            return false;
        }
        return "onednn".equals(MODE) || channels >= MIN_CHANNELS;
    }

    private static boolean detect() {
        try {
            Nd4j.getExecutioner();
            return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN")
                    && Nd4j.getEnvironment().helpersAllowed();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** As {@link GemmConvolution#forward(INDArray, INDArray, INDArray, int[], int[], boolean, Function)}. */
    INDArray forward(INDArray input, INDArray weights, INDArray bias, int[] stride, int[] padding, boolean relu,
                     Function<long[], INDArray> allocate) {
        int n = Math.toIntExact(input.size(0));
        int o = Math.toIntExact(weights.size(0));
        int kh = Math.toIntExact(weights.size(2));
        int kw = Math.toIntExact(weights.size(3));
        int outH = (Math.toIntExact(input.size(2)) + 2 * padding[0] - kh) / stride[0] + 1;
        int outW = (Math.toIntExact(input.size(3)) + 2 * padding[1] - kw) / stride[1] + 1;
        // kH, kW, sH, sW, pH, pW, dilation 1×1, explicit padding, NCHW, weights [O, C, kH, kW]
        args = new int[] {kh, kw, stride[0], stride[1], padding[0], padding[1], 1, 1, 0, 0, 1};
        this.relu = relu;
        INDArray z;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            x = input.dup('c');
            w = weights.dup('c');
            b = bias == null ? Nd4j.zeros(DataType.FLOAT, o) : bias.reshape(o).castTo(DataType.FLOAT).dup('c');
            z = Nd4j.createUninitialized(DataType.FLOAT, n, o, outH, outW);
            outShape = z.shape();
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(z).addIntegerArguments(args).build());
            if (relu) {
                kept = NativeBuffers.read(z, kept);
                float[] out = new float[kept.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.max(kept[i], 0f);
                }
                NativeBuffers.write(z, out);
            }
        }
        INDArray result = allocate.apply(z.shape());
        result.assign(z);
        return result;
    }

    /** As {@link GemmConvolution#backward}: an allocator of null skips returning the input gradient. */
    INDArray backward(INDArray delta, INDArray weights, INDArray weightGrad, INDArray biasGrad,
                      Function<long[], INDArray> allocate) {
        if (!java.util.Arrays.equals(delta.shape(), outShape) || weights.size(0) != outShape[1]) {
            throw new IllegalArgumentException("convolution backward expects a gradient of shape "
                    + java.util.Arrays.toString(outShape) + " (the last forward's output) but got "
                    + java.util.Arrays.toString(delta.shape()));
        }
        INDArray gi;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray d = delta.castTo(DataType.FLOAT).dup('c');
            if (relu) {
                float[] dv = NativeBuffers.read(d, (float[]) null);
                for (int i = 0; i < dv.length; i++) {
                    dv[i] = GemmConvolution.passIfPositive(dv[i], kept[i]);
                }
                NativeBuffers.write(d, dv);
            }
            INDArray wc = weights.dup('c');
            gi = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            INDArray gw = Nd4j.createUninitialized(DataType.FLOAT, wc.shape());
            INDArray gb = Nd4j.createUninitialized(DataType.FLOAT, b.shape());
            Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, wc, b, d).addOutputs(gi, gw, gb)
                    .addIntegerArguments(args).build());
            weightGrad.assign(gw);
            if (biasGrad != null) {
                biasGrad.assign(gb.reshape(biasGrad.shape()));
            }
        }
        if (allocate == null) {
            return null;
        }
        INDArray dx = allocate.apply(gi.shape());
        dx.assign(gi);
        return dx;
    }
}
