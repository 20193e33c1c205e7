package io.attendspark.models.conv;

import io.attendspark.models.dl4j.CpuBlas;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One native array (kept referenced) with its own pointer, so that {@link CpuBlas} can run gemms at
 * element offsets into it without touching the array's own pointer: {@link GemmConvolution}'s
 * per-image products on blocks that stay in cache.
 */
final class CpuGemm {

    private final INDArray array;   // keeps the memory alive
    private final Pointer pointer;  // FloatPointer or DoublePointer over array's buffer, moved per call

    /** {@code array} must be plain ('c' from element 0, see {@code NativeBuffers.isPlain}), FLOAT or DOUBLE. */
    CpuGemm(INDArray array) {
        this.array = array;
        Pointer p = array.data().pointer();
        this.pointer = p instanceof FloatPointer ? new FloatPointer(p) : new DoublePointer(p);
    }

    INDArray array() {
        return array;
    }

    /**
     * {@code c[cAt..] = op(a[aAt..]) · op(b[bAt..]) + beta · c[cAt..]} with op(A) {@code [m, k]},
     * op(B) {@code [k, n]}, C {@code [m, n]}, row-major with leading dimensions lda, ldb, ldc.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     CpuGemm a, long aAt, int lda, CpuGemm b, long bAt, int ldb, double beta,
                     CpuGemm c, long cAt, int ldc) {
        if (a == b || a == c || b == c) {
            throw new IllegalArgumentException("gemm operands must be distinct arrays (each moves its own pointer)");
        }
        CpuBlas.gemm(transA, transB, m, n, k, a.pointer.position(aAt), lda, b.pointer.position(bAt), ldb, beta,
                c.pointer.position(cAt), ldc);
    }
}
