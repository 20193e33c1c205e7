package io.attendspark.models.draw.fast;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense products of {@link DrawFastEpisode} as single ND4J (BLAS) gemm calls in data type
 * {@code type} (the network's: FLOAT in training, DOUBLE in the equivalence and gradient checks) on
 * row-major double arrays. Callers run outside DL4J workspaces.
 */
final class DrawFastGemm {

    private final DataType type;

    DrawFastGemm(DataType type) {
        if (type != DataType.DOUBLE && type != DataType.FLOAT) {
            throw new IllegalArgumentException("draw fast gemm runs in FLOAT or DOUBLE but was asked for " + type);
        }
        this.type = type;
    }

    /** A row-major matrix {@code [rows, cols]} as an INDArray of this type. */
    INDArray matrix(double[] v, int rows, int cols) {
        if (v.length != rows * cols) {
            throw new IllegalArgumentException("matrix must have " + rows + "·" + cols + " values but has " + v.length);
        }
        INDArray a = Nd4j.createUninitialized(type, new long[]{rows, cols}, 'c');
        if (type == DataType.DOUBLE) {
            ((DoublePointer) a.data().pointer()).put(v, 0, v.length);                  // one memcpy
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) v[i];
            }
            ((FloatPointer) a.data().pointer()).put(f, 0, f.length);
        }
        return a;
    }

    /** {@code c += a · b}, or {@code a · bᵀ} when {@code transposeB}; {@code a} row-major {@code [m, ·]}. */
    void mulAdd(double[] a, int m, INDArray b, boolean transposeB, double[] c) {
        INDArray bb = transposeB ? b.transpose() : b;
        double[] v = rowMajor(matrix(a, m, (int) bb.size(0)).mmul(bb));
        for (int i = 0; i < v.length; i++) {
            c[i] += v[i];
        }
    }

    /** {@code aᵀ · b} for row-major {@code a [m, k]}, {@code b [m, n]}: {@code [k, n]} row-major. */
    double[] mulTransposeA(double[] a, int m, int k, double[] b, int n) {
        return rowMajor(matrix(a, m, k).transpose().mmul(matrix(b, m, n)));
    }

    private double[] rowMajor(INDArray r) {
        INDArray c = r.ordering() == 'c' && !r.isView() ? r : r.dup('c');
        if (c.dataType() != type) {
            throw new IllegalStateException("gemm must run in " + type + " but ran in " + c.dataType());
        }
        double[] out = new double[Math.toIntExact(c.length())];
        if (type == DataType.DOUBLE) {
            ((DoublePointer) c.data().pointer()).get(out, 0, out.length);              // one memcpy
        } else {
            float[] f = new float[out.length];
            ((FloatPointer) c.data().pointer()).get(f, 0, f.length);
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
        }
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
