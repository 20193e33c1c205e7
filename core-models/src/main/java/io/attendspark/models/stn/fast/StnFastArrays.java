package io.attendspark.models.stn.fast;

import io.attendspark.models.dl4j.NativeBuffers;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Copies between ND4J arrays and row-major Java arrays ({@code float[]} for FLOAT, {@code double[]}
 * for DOUBLE: one memcpy each way, or a converting loop when the Java type differs from the array's),
 * and detached scratch arrays. Callers run outside DL4J's workspaces.
 */
final class StnFastArrays {

    private StnFastArrays() {
    }

    /** The values of {@code a} in 'c' order, in {@code reuse} when it has the right length. */
    static float[] readFloat(INDArray a, float[] reuse) {
        INDArray c = plain(a, DataType.FLOAT);
        int len = Math.toIntExact(c.length());
        float[] out = reuse != null && reuse.length == len ? reuse : new float[len];
        ((FloatPointer) c.data().pointer()).get(out, 0, len);
        return out;
    }

    /** The values of {@code a} in 'c' order as doubles, in {@code reuse} when it has the right length. */
    static double[] readDouble(INDArray a, double[] reuse) {
        int len = Math.toIntExact(a.length());
        double[] out = reuse != null && reuse.length == len ? reuse : new double[len];
        if (a.dataType() == DataType.FLOAT) {
            float[] f = readFloat(a, null);
            for (int i = 0; i < len; i++) {
                out[i] = f[i];
            }
            return out;
        }
        INDArray c = plain(a, DataType.DOUBLE);
        ((DoublePointer) c.data().pointer()).get(out, 0, len);
        return out;
    }

    /** Writes {@code v} ('c' order) into {@code dst} (any order or offset; FLOAT or DOUBLE). */
    static void write(INDArray dst, float[] v) {
        requireLength(dst, v.length);
        if (dst.dataType() != DataType.FLOAT) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            write(dst, d);
            return;
        }
        INDArray d = direct(dst) ? dst : Nd4j.createUninitialized(DataType.FLOAT, dst.shape(), 'c');
        ((FloatPointer) d.data().pointer()).put(v, 0, v.length);
        if (d != dst) {
            dst.assign(d);
        }
    }

    /** Writes {@code v} ('c' order) into {@code dst}, converting to float when {@code dst} is FLOAT. */
    static void write(INDArray dst, double[] v) {
        requireLength(dst, v.length);
        if (dst.dataType() == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            write(dst, f);
            return;
        }
        if (dst.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("stn fast layer writes FLOAT or DOUBLE arrays but got " + dst.dataType());
        }
        INDArray d = direct(dst) ? dst : Nd4j.createUninitialized(DataType.DOUBLE, dst.shape(), 'c');
        ((DoublePointer) d.data().pointer()).put(v, 0, v.length);
        if (d != dst) {
            dst.assign(d);
        }
    }

    /** {@code reuse} when it is a {@code type} array of this shape, else a new uninitialised 'c' array. */
    static INDArray scratch(INDArray reuse, DataType type, long... shape) {
        if (reuse != null && reuse.dataType() == type && Arrays.equals(reuse.shape(), shape)) {
            return reuse;
        }
        return Nd4j.createUninitialized(type, shape, 'c');
    }

    private static void requireLength(INDArray dst, int length) {
        if (dst.length() != length) {
            throw new IllegalArgumentException("stn fast layer: array of shape " + Arrays.toString(dst.shape())
                    + " cannot take " + length + " values");
        }
    }

    /** {@code a} when its buffer holds it from element 0 in 'c' order, else a 'c' copy; always of {@code type}. */
    private static INDArray plain(INDArray a, DataType type) {
        INDArray t = a.dataType() == type ? a : a.castTo(type);
        return direct(t) ? t : t.dup('c');
    }

    private static boolean direct(INDArray a) {
        return NativeBuffers.isPlain(a);
    }
}
