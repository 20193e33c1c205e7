package io.attendspark.models.dl4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bulk copies between INDArrays ('c' order) and Java arrays: one memcpy when the array owns its buffer. */
public final class NativeBuffers {

    private NativeBuffers() {
    }

    /** The values of {@code a} in 'c' order, into {@code reuse} when it has the right length. */
    public static float[] read(INDArray a, float[] reuse) {
        INDArray c = plain(a);
        int len = Math.toIntExact(c.length());
        float[] out = reuse != null && reuse.length == len ? reuse : new float[len];
        ((FloatPointer) c.data().pointer()).get(out, 0, len);
        return out;
    }

    /** As {@link #read(INDArray, float[])}, in double. */
    public static double[] read(INDArray a, double[] reuse) {
        INDArray c = plain(a);
        int len = Math.toIntExact(c.length());
        double[] out = reuse != null && reuse.length == len ? reuse : new double[len];
        ((DoublePointer) c.data().pointer()).get(out, 0, len);
        return out;
    }

    /** Sets {@code dst} to {@code v} ('c' order). */
    public static void write(INDArray dst, float[] v) {
        INDArray d = plain(dst);
        ((FloatPointer) d.data().pointer()).put(v, 0, v.length);
        if (d != dst) {
            dst.assign(d);
        }
    }

    /** As {@link #write(INDArray, float[])}, in double. */
    public static void write(INDArray dst, double[] v) {
        INDArray d = plain(dst);
        ((DoublePointer) d.data().pointer()).put(v, 0, v.length);
        if (d != dst) {
            dst.assign(d);
        }
    }

    /**
     * {@code a} itself when its buffer holds exactly its values in 'c' order from the start, else a
     * 'c' copy. The strides are checked too: a permuted array can report 'c' order and no offset.
     */
    public static INDArray plain(INDArray a) {
        return isPlain(a) ? a : a.dup('c');
    }

    /** True when the buffer of {@code a} holds exactly its values in 'c' order from the start (see {@link #plain}). */
    public static boolean isPlain(INDArray a) {
        return !a.isView() && a.offset() == 0 && a.ordering() == 'c' && a.data().length() >= a.length()
                && java.util.Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }

    /**
     * A direct buffer over the native memory of the FLOAT array {@code a}, which must be plain
     * ({@link #isPlain}): element i is {@code a}'s i-th value in 'c' order. Writes go straight into
     * {@code a}; keep {@code a} referenced while the buffer is in use (the buffer alone may not keep it alive).
     */
    public static FloatBuffer floats(INDArray a) {
        checkPlain(a, DataType.FLOAT);
        FloatPointer p = new FloatPointer(a.data().pointer());   // a copy: the array's pointer keeps its state
        int len = Math.toIntExact(a.length());
        return p.capacity(p.position() + len).limit(p.position() + len).asBuffer();
    }

    /** As {@link #floats}, for a DOUBLE array. */
    public static DoubleBuffer doubles(INDArray a) {
        checkPlain(a, DataType.DOUBLE);
        DoublePointer p = new DoublePointer(a.data().pointer());
        int len = Math.toIntExact(a.length());
        return p.capacity(p.position() + len).limit(p.position() + len).asBuffer();
    }

    /**
     * A direct buffer over the native bytes of the plain ({@link #isPlain}) array {@code a}, of any
     * data type: {@code length × element size} bytes in the machine's order, for bulk I/O straight
     * from or into the array. Keep {@code a} referenced while the buffer is in use.
     */
    public static java.nio.ByteBuffer bytes(INDArray a) {
        if (!isPlain(a)) {
            throw new IllegalArgumentException("expected a plain 'c' array but got " + a.shapeInfoToString());
        }
        org.bytedeco.javacpp.Pointer p = a.data().pointer();
        long element = a.data().getElementSize();
        long bytes = a.length() * element;
        org.bytedeco.javacpp.BytePointer b = new org.bytedeco.javacpp.BytePointer(
                new org.nd4j.linalg.api.memory.pointers.PagedPointer(p.address() + p.position() * element));
        return b.capacity(bytes).limit(bytes).asByteBuffer().order(java.nio.ByteOrder.nativeOrder());
    }

    private static void checkPlain(INDArray a, DataType t) {
        if (a.dataType() != t || !isPlain(a)) {
            throw new IllegalArgumentException("expected a plain 'c' " + t + " array but got " + a.dataType() + " "
                    + a.shapeInfoToString());
        }
    }
}
