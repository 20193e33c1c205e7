package io.attendspark.models.conv;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major {@code C = A·B + β·C} (either operand optionally transposed) on native memory at element
 * offsets, through the cblas of OpenBLAS, the library ND4J's CPU backend runs its own gemms on (same
 * threads setting). A call costs about a microsecond, against tens for an ND4J op, which is what
 * lets {@link GemmConvolution} run one small gemm per image on blocks that stay in cache.
 *
 * <p>Each instance wraps one native array (kept referenced) with its own pointer, so that setting an
 * offset never touches the array's own pointer.
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
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        if (c.pointer instanceof FloatPointer cf) {
            openblas.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1f,
                    (FloatPointer) a.pointer.position(aAt), lda, (FloatPointer) b.pointer.position(bAt), ldb,
                    (float) beta, (FloatPointer) cf.position(cAt), ldc);
        } else {
            openblas.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0,
                    (DoublePointer) a.pointer.position(aAt), lda, (DoublePointer) b.pointer.position(bAt), ldb,
                    beta, (DoublePointer) c.pointer.position(cAt), ldc);
        }
    }
}
