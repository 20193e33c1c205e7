package io.attendspark.models.draw.fast;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The dense products of {@link DrawFastEpisode} as ND4J (BLAS) gemm calls in data type {@code type}
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
 *   <li>column-major results {@code [m, n]}, one per shape, for the per-step products (read back at
 *       once); the weight gradients go straight into DL4J's gradient views.</li>
 * </ul>
 * Each product is the same gemm as {@code a.mmul(b)} (column-major result, β = 0) without its
 * allocations and copies, so FLOAT results are those of plain {@code mmul} on float copies. Callers
 * run outside DL4J workspaces.
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

    /** A weight matrix {@code W [k, n]} in this type (a native copy) and its transpose view {@code Wᵀ [n, k]}. */
    static final class Weight {
        final INDArray w, wT;

        private Weight(INDArray w) {
            this.w = w;
            this.wT = w.transpose();
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
        private final INDArray[] block;
        private final Native data;

        private Stack(INDArray all, int b) {
            this.b = b;
            this.k = (int) all.size(1);
            this.all = all;
            data = new Native(all);
            int blocks = (int) (all.size(0) / b);
            block = new INDArray[blocks];
            for (int t = 0; t < blocks; t++) {
                block[t] = blocks == 1 ? all
                        : all.get(NDArrayIndex.interval((long) t * b, (long) (t + 1) * b), NDArrayIndex.all());
            }
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
        INDArray b = transpose ? w.wT : w.w;
        int m = a.b, n = (int) b.size(1);
        String name = "product " + m + "x" + n;
        INDArray r = array(name, m, n, 'f');
        Nd4j.gemm(a.block[t], b, r, false, false, 1.0, 0.0);
        wrapper(name, r, Native::new).addTransposedTo(c, m, n);
    }

    /**
     * {@code target [k, n] = aᵀ · d} over all rows of the stacks {@code a [T·b, k]} and {@code d [T·b, n]}
     * (a weight gradient, written to DL4J's gradient view). The gemm writes a column-major result as
     * {@code mmul} does (a row-major one would round differently in FLOAT), which is then copied to
     * {@code target} transposed in Java: when it is a contiguous 'c' array of this type (DL4J's
     * gradient views are) straight into its buffer, else through {@code assign}.
     */
    void mulTransposeA(Stack a, Stack d, INDArray target) {
        int k = a.k, n = d.k;
        if (target.rank() != 2 || target.size(0) != k || target.size(1) != n) {
            throw new IllegalArgumentException("gradient must be [" + k + ", " + n + "] but is "
                    + java.util.Arrays.toString(target.shape()));
        }
        String name = "gradient " + k + "x" + n;
        INDArray r = array(name, k, n, 'f');
        Nd4j.gemm(a.all.transpose(), d.all, r, false, false, 1.0, 0.0);
        boolean direct = target.dataType() == type && target.ordering() == 'c' && target.elementWiseStride() == 1
                && Shape.hasDefaultStridesForShape(target);
        if (direct) {
            wrapper(name, r, Native::new).copyTransposedTo(target, k, n);
        } else {
            target.assign(r);
        }
    }

    /**
     * Bulk copies between double[] and the buffer of a native array of this type (FLOAT: each value
     * rounded to float on the way in and widened on the way out), through reused Java scratch.
     */
    private final class Native {
        private static final int TILE = 32;
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

        /** Buffer elements {@code [0, len)} as doubles (a scratch array, valid until the next call). */
        double[] get(int len) {
            if (dScratch.length < len) {
                dScratch = new double[len];
            }
            if (d != null) {
                d.position(0).get(dScratch, 0, len);                                       // one memcpy
                return dScratch;
            }
            float[] s = floats(len);
            f.position(0).get(s, 0, len);
            for (int i = 0; i < len; i++) {
                dScratch[i] = s[i];
            }
            return dScratch;
        }

        /**
         * {@code c[i·n + j] += R[i, j]} for this buffer holding a column-major {@code R [m, n]}
         * (element (i, j) at {@code j·m + i}).
         */
        void addTransposedTo(double[] c, int m, int n) {
            if (c.length != m * n) {
                throw new IllegalArgumentException("result must have " + m + "·" + n + " values but has " + c.length);
            }
            int len = m * n;
            if (d != null) {
                double[] v = get(len);
                for (int i0 = 0; i0 < m; i0 += TILE) {                              // tiles keep both sides in cache
                    for (int j0 = 0; j0 < n; j0 += TILE) {
                        for (int i = i0; i < Math.min(m, i0 + TILE); i++) {
                            for (int j = j0; j < Math.min(n, j0 + TILE); j++) {
                                c[i * n + j] += v[j * m + i];
                            }
                        }
                    }
                }
                return;
            }
            float[] v = floats(len);
            f.position(0).get(v, 0, len);
            for (int i0 = 0; i0 < m; i0 += TILE) {
                for (int j0 = 0; j0 < n; j0 += TILE) {
                    for (int i = i0; i < Math.min(m, i0 + TILE); i++) {
                        for (int j = j0; j < Math.min(n, j0 + TILE); j++) {
                            c[i * n + j] += v[j * m + i];                          // widened exactly
                        }
                    }
                }
            }
        }

        /**
         * Writes this buffer's column-major {@code [m, n]} to the contiguous row-major {@code target}
         * (its buffer from its offset), element for element, in tiles that keep both sides in cache.
         */
        void copyTransposedTo(INDArray target, int m, int n) {
            int len = m * n;
            if (d != null) {
                double[] v = get(len), t = new double[len];
                for (int i0 = 0; i0 < m; i0 += TILE) {
                    for (int j0 = 0; j0 < n; j0 += TILE) {
                        for (int i = i0; i < Math.min(m, i0 + TILE); i++) {
                            for (int j = j0; j < Math.min(n, j0 + TILE); j++) {
                                t[i * n + j] = v[j * m + i];
                            }
                        }
                    }
                }
                new DoublePointer(target.data().pointer()).position(target.offset()).put(t, 0, len);
                return;
            }
            float[] v = floats(len), t = new float[len];
            f.position(0).get(v, 0, len);
            for (int i0 = 0; i0 < m; i0 += TILE) {
                for (int j0 = 0; j0 < n; j0 += TILE) {
                    for (int i = i0; i < Math.min(m, i0 + TILE); i++) {
                        for (int j = j0; j < Math.min(n, j0 + TILE); j++) {
                            t[i * n + j] = v[j * m + i];
                        }
                    }
                }
            }
            new FloatPointer(target.data().pointer()).position(target.offset()).put(t, 0, len);
        }

        private float[] floats(int len) {
            if (fScratch.length < len) {
                fScratch = new float[len];
            }
            return fScratch;
        }
    }
}
