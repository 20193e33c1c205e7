package io.attendspark.models.draw.fast;

import io.attendspark.models.dl4j.CpuBlas;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense products of {@link DrawFastEpisode} as BLAS gemm calls ({@link CpuBlas}) in data type {@code type}
 * (the network's: FLOAT in training, DOUBLE in the equivalence and gradient checks). The Java side
 * works on row-major double arrays; the gemm operands live in native arrays of {@code type} that this
 * object allocates once and reuses for every episode of the same sizes (the layer keeps one instance
 * for training and one for inference):
 * <ul>
 *   <li>{@link Weight}: a weight matrix, copied from the layer's parameter view once per episode;</li>
 *   <li>{@link Stack}: the left operands of one product for all T steps, {@code [T·b, k]} (row
 *       {@code t·b + i}): step t's product reads its row block, and the weight gradient
 *       {@code Σ_t a_tᵀ δ_t} is one gemm over the whole stack, so the values go to native memory
 *       (and, for FLOAT, are rounded to float) once;</li>
 *   <li>row-major results {@code [m, n]}, one per shape, for the per-step products (read back at
 *       once); the weight gradients go straight into DL4J's gradient views.</li>
 * </ul>
 * Each product is one cblas call on those arrays (about a microsecond of overhead, against tens for
 * an ND4J gemm op), with no allocations or copies besides the operands' own. Callers run outside
 * DL4J workspaces.
 */
final class DrawFastGemm {

    private final DataType type;
    /** The native arrays by name, reused while their shape stays the same. */
    private final java.util.Map<String, INDArray> arrays = new java.util.HashMap<>();
    private final java.util.Map<String, Object> wrappers = new java.util.HashMap<>();

    DrawFastGemm(DataType type) {
        if (type != DataType.DOUBLE && type != DataType.FLOAT) {
            throw new IllegalArgumentException("draw fast gemm runs in FLOAT or DOUBLE but was asked for " + type);
        }
        this.type = type;
    }

    DataType type() {
        return type;
    }

    /** The native array {@code name} {@code [rows, cols]} of this type in {@code order}, uninitialised when new. */
    private INDArray array(String name, long rows, long cols, char order) {
        INDArray a = arrays.get(name);
        if (a == null || a.size(0) != rows || a.size(1) != cols || a.ordering() != order) {
            a = Nd4j.createUninitialized(type, new long[]{rows, cols}, order);
            arrays.put(name, a);
            wrappers.remove(name);
        }
        return a;
    }

    /** {@code name}'s array wrapped once by {@code make} (its Weight, Stack or Native copier). */
    @SuppressWarnings("unchecked")
    private <W> W wrapper(String name, INDArray a, java.util.function.Function<INDArray, W> make) {
        Object w = wrappers.get(name);
        if (w == null) {
            w = make.apply(a);
            wrappers.put(name, w);
        }
        return (W) w;
    }

    /** A weight matrix {@code W [k, n]} in this type (a native copy), used as W or Wᵀ by the gemm. */
    final class Weight {
        final INDArray w;
        private final Native data;

        private Weight(INDArray w) {
            this.w = w;
            this.data = new Native(w);
        }
    }

    /** The weight {@code name}: a copy of {@code value [k, n]} (any order and type) in this type. */
    Weight weight(String name, INDArray value) {
        if (value.rank() != 2) {
            throw new IllegalArgumentException("weight " + name + " must be a matrix but has shape "
                    + java.util.Arrays.toString(value.shape()));
        }
        INDArray w = array("weight " + name, value.size(0), value.size(1), 'c');
        w.assign(value);                                                                    // native copy (and cast)
        return wrapper("weight " + name, w, Weight::new);
    }

    /**
     * The left operands of one product over the steps: {@code blocks} row blocks of {@code [b, k]}
     * in one row-major native array {@code [blocks·b, k]}, block t holding step t's operand.
     */
    final class Stack {
        final int b, k;
        final INDArray all;
        private final int blocks;
        private final Native data;

        private Stack(INDArray all, int b) {
            this.b = b;
            this.k = (int) all.size(1);
            this.all = all;
            data = new Native(all);
            blocks = (int) (all.size(0) / b);
        }

        /** Sets block t to {@code v [b, k]} (row-major). */
        void put(int t, double[] v) {
            if (v.length != b * k) {
                throw new IllegalArgumentException("block must have " + b + "·" + k + " values but has " + v.length);
            }
            data.put((long) t * b * k, v, v.length);
        }
    }

    /** The stack {@code name} of {@code blocks} blocks {@code [b, k]}; its contents are those of the last use. */
    Stack stack(String name, int blocks, int b, int k) {
        INDArray a = array("stack " + name, (long) blocks * b, k, 'c');
        Stack s = wrapper("stack " + name, a, all -> new Stack(all, b));
        if (s.b != b) {                                                           // same size, other batch
            s = new Stack(a, b);
            wrappers.put("stack " + name, s);
        }
        return s;
    }

    /** {@code c [m, n] += a_t · W}, or {@code a_t · Wᵀ} when {@code transpose}; {@code a_t} block t of {@code a}. */
    void mulAdd(Stack a, int t, Weight w, boolean transpose, double[] c) {
        int rows = (int) w.w.size(0), cols = (int) w.w.size(1);
        int m = a.b, k = transpose ? cols : rows, n = transpose ? rows : cols;
        if (a.k != k || t < 0 || t >= a.blocks) {
            throw new IllegalArgumentException("product of block " + t + " of a [" + a.blocks + "·" + m + ", "
                    + a.k + "] stack with a [" + k + ", " + n + "] weight");
        }
        String name = "product " + m + "x" + n;
        INDArray r = array(name, m, n, 'c');
        Native result = wrapper(name, r, Native::new);
        CpuBlas.gemm(false, transpose, m, n, k, a.data.at((long) t * m * k), k, w.data.at(0), cols, 0.0,
                result.at(0), n);
        result.addTo(c, m * n);
    }

    /**
     * {@code target [k, n] = aᵀ · d} over all rows of the stacks {@code a [T·b, k]} and {@code d [T·b, n]}
     * (a weight gradient, written to DL4J's gradient view): by the gemm straight into its buffer when
     * it is a contiguous 'c' array of this type (DL4J's gradient views are), else through a scratch
     * array and {@code assign}.
     */
    void mulTransposeA(Stack a, Stack d, INDArray target) {
        int k = a.k, n = d.k;
        if (target.rank() != 2 || target.size(0) != k || target.size(1) != n) {
            throw new IllegalArgumentException("gradient must be [" + k + ", " + n + "] but is "
                    + java.util.Arrays.toString(target.shape()));
        }
        int rows = (int) a.all.size(0);
        if (d.all.size(0) != rows) {
            throw new IllegalArgumentException("stacks of " + rows + " and " + d.all.size(0) + " rows");
        }
        boolean direct = target.dataType() == type && target.ordering() == 'c' && target.elementWiseStride() == 1
                && Shape.hasDefaultStridesForShape(target);
        if (direct) {
            Pointer out = type == DataType.FLOAT ? new FloatPointer(target.data().pointer())
                    : new DoublePointer(target.data().pointer());
            CpuBlas.gemm(true, false, k, n, rows, a.data.at(0), k, d.data.at(0), n, 0.0,
                    out.position(target.offset()), n);
        } else {
            String name = "gradient " + k + "x" + n;
            INDArray r = array(name, k, n, 'c');
            CpuBlas.gemm(true, false, k, n, rows, a.data.at(0), k, d.data.at(0), n, 0.0,
                    wrapper(name, r, Native::new).at(0), n);
            target.assign(r);
        }
    }

    /**
     * Bulk copies between double[] and the buffer of a native array of this type (FLOAT: each value
     * rounded to float on the way in and widened on the way out), through reused Java scratch.
     */
    private final class Native {
        private final FloatPointer f;
        private final DoublePointer d;
        private float[] fScratch = new float[0];
        private double[] dScratch = new double[0];

        Native(INDArray a) {
            if (a.data().dataType() != type) {
                throw new IllegalStateException("gemm operand must be " + type + " but is " + a.data().dataType());
            }
            // own Pointer objects (same memory) so that moving their position leaves ND4J's alone
            f = type == DataType.FLOAT ? new FloatPointer(a.data().pointer()) : null;
            d = type == DataType.DOUBLE ? new DoublePointer(a.data().pointer()) : null;
        }

        /** Buffer elements {@code [offset, offset + len)} = {@code v[0, len)}. */
        void put(long offset, double[] v, int len) {
            if (d != null) {
                d.position(offset).put(v, 0, len);                                         // one memcpy
                return;
            }
            float[] s = floats(len);
            for (int i = 0; i < len; i++) {
                s[i] = (float) v[i];
            }
            f.position(offset).put(s, 0, len);
        }

        /** This buffer's pointer at element {@code offset} (for one gemm call). */
        Pointer at(long offset) {
            return f != null ? f.position(offset) : d.position(offset);
        }

        /** {@code c[i] += buffer[i]} for i < len (FLOAT values widened exactly). */
        void addTo(double[] c, int len) {
            if (c.length != len) {
                throw new IllegalArgumentException("result must have " + len + " values but has " + c.length);
            }
            if (d != null) {
                if (dScratch.length < len) {
                    dScratch = new double[len];
                }
                d.position(0).get(dScratch, 0, len);
                for (int i = 0; i < len; i++) {
                    c[i] += dScratch[i];
                }
                return;
            }
            float[] v = floats(len);
            f.position(0).get(v, 0, len);
            for (int i = 0; i < len; i++) {
                c[i] += v[i];
            }
        }

        private float[] floats(int len) {
            if (fScratch.length < len) {
                fScratch = new float[len];
            }
            return fScratch;
        }
    }
}
