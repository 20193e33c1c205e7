package io.attendspark.models.ntm.fast;

import io.attendspark.models.dl4j.CpuBlas;
import io.attendspark.models.dl4j.NativeBuffers;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few dense products of {@link NtmFastEpisode} as BLAS dgemm calls in double: per step only the
 * recurrent ones, the weight gradients and output layer once for all steps. They go straight to
 * OpenBLAS ({@link CpuBlas}) through native scratch buffers of the calling thread, reused from call
 * to call: an ND4J {@code mmul} with its array allocations cost ~10 % of an NTM iteration (issue 7
 * profile), for products of a few hundred thousand flops. Callers run outside DL4J workspaces
 * ({@link NtmFastLayerRuntime}).
 */
final class NtmFastGemm {

    /** Native operands of one thread, grown as needed. */
    private static final class Scratch {
        private final DoublePointer[] buffers = new DoublePointer[3];

        /** Buffer {@code which} holding {@code v} (at least its length). */
        DoublePointer with(int which, double[] v) {
            DoublePointer p = sized(which, v.length);
            p.position(0).put(v, 0, v.length);
            return p;
        }

        /** Buffer {@code which}, at least {@code length} doubles. */
        DoublePointer sized(int which, long length) {
            DoublePointer p = buffers[which];
            if (p == null || p.capacity() < length) {
                p = new DoublePointer(Math.max(length, 1));
                buffers[which] = p;
            }
            return p.position(0);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private NtmFastGemm() {
    }

    /** A row-major double matrix {@code [rows, cols]} as an INDArray. */
    static INDArray matrix(double[] v, int rows, int cols) {
        if (v.length != rows * cols) {
            throw new IllegalArgumentException("matrix must have " + rows + "·" + cols + " values but has " + v.length);
        }
        INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, new long[]{rows, cols}, 'c');
        ((DoublePointer) a.data().pointer()).put(v, 0, v.length);                      // one memcpy
        return a;
    }

    /** {@code c += a · b}, or {@code a · bᵀ} when {@code transposeB}; {@code a} row-major {@code [m, ·]}. */
    static void mulAdd(double[] a, int m, INDArray b, boolean transposeB, double[] c) {
        if (b.rank() != 2 || b.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gemm weight must be a DOUBLE matrix but is " + b.dataType() + " "
                    + java.util.Arrays.toString(b.shape()));
        }
        INDArray bp = NativeBuffers.plain(b);
        int bRows = (int) bp.size(0), bCols = (int) bp.size(1);
        int k = transposeB ? bCols : bRows, n = transposeB ? bRows : bCols;
        if (a.length != m * k || c.length != m * n) {
            throw new IllegalArgumentException("gemm of a [" + m + ", " + k + "] operand into [" + m + ", " + n
                    + "] got " + a.length + " and " + c.length + " values");
        }
        Scratch s = SCRATCH.get();
        DoublePointer pc = s.with(2, c);
        CpuBlas.gemm(false, transposeB, m, n, k, s.with(0, a), k, new DoublePointer(bp.data().pointer()), bCols,
                1.0, pc, n);
        pc.position(0).get(c, 0, c.length);
    }

    /** {@code aᵀ · b} for row-major {@code a [m, k]}, {@code b [m, n]}: {@code [k, n]} row-major. */
    static double[] mulTransposeA(double[] a, int m, int k, double[] b, int n) {
        if (a.length != m * k || b.length != m * n) {
            throw new IllegalArgumentException("gemm operands must be [" + m + ", " + k + "] and [" + m + ", " + n
                    + "] but have " + a.length + " and " + b.length + " values");
        }
        Scratch s = SCRATCH.get();
        DoublePointer pc = s.sized(2, (long) k * n);
        CpuBlas.gemm(true, false, k, n, m, s.with(0, a), k, s.with(1, b), n, 0.0, pc, n);
        double[] out = new double[k * n];
        pc.position(0).get(out, 0, out.length);
        return out;
    }

    /** Row-wise concatenation of T arrays {@code [b, w]}: {@code [T·b, w]}, row {@code t·b + i}. */
    static double[] stack(double[][] perStep) {
        int len = perStep[0].length;
        double[] out = new double[perStep.length * len];
        for (int t = 0; t < perStep.length; t++) {
            System.arraycopy(perStep[t], 0, out, t * len, len);
        }
        return out;
    }
}
