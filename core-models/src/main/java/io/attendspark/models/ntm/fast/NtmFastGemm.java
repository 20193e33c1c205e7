package io.attendspark.models.ntm.fast;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few dense products of {@link NtmFastEpisode} as single ND4J (BLAS) gemm calls in double:
 * per step only the recurrent ones, the weight gradients and output layer once for all steps.
 * Callers run outside DL4J workspaces ({@link NtmFastLayerRuntime}).
 */
final class NtmFastGemm {

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
        INDArray bb = transposeB ? b.transpose() : b;
        INDArray r = matrix(a, m, (int) bb.size(0)).mmul(bb);
        double[] v = rowMajor(r);
        for (int i = 0; i < v.length; i++) {
            c[i] += v[i];
        }
    }

    /** {@code aᵀ · b} for row-major {@code a [m, k]}, {@code b [m, n]}: {@code [k, n]} row-major. */
    static double[] mulTransposeA(double[] a, int m, int k, double[] b, int n) {
        return rowMajor(matrix(a, m, k).transpose().mmul(matrix(b, m, n)));
    }

    private static double[] rowMajor(INDArray r) {
        INDArray c = r.ordering() == 'c' && !r.isView() ? r : r.dup('c');
        if (c.dataType() != DataType.DOUBLE) {
            throw new IllegalStateException("gemm must run in double but ran in " + c.dataType());
        }
        double[] out = new double[Math.toIntExact(c.length())];
        ((DoublePointer) c.data().pointer()).get(out, 0, out.length);                  // one memcpy
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
