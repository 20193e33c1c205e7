package io.attendspark.models.dl4j;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Row-major {@code C = op(A)·op(B) + β·C} on native memory through the cblas of OpenBLAS, the
 * library ND4J's CPU backend runs its own gemms on (same threads setting). A call costs about a
 * microsecond, against tens for an ND4J op with its array allocations, which matters for the many
 * small products of the hand-written layers (per-image convolutions, per-step recurrences).
 * FLOAT or DOUBLE by the pointers' type; each pointer's position is its first element.
 */
public final class CpuBlas {

    private CpuBlas() {
    }

    /**
     * {@code c = op(a) · op(b) + beta · c} with op(A) {@code [m, k]}, op(B) {@code [k, n]} and C
     * {@code [m, n]}, all row-major with leading dimensions lda, ldb, ldc.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, Pointer a, int lda, Pointer b, int ldb,
                            double beta, Pointer c, int ldc) {
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        if (c instanceof FloatPointer cf && a instanceof FloatPointer af && b instanceof FloatPointer bf) {
            openblas.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1f, af, lda, bf, ldb, (float) beta, cf, ldc);
        } else if (c instanceof DoublePointer cd && a instanceof DoublePointer ad && b instanceof DoublePointer bd) {
            openblas.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0, ad, lda, bd, ldb, beta, cd, ldc);
        } else {
            throw new IllegalArgumentException("gemm operands must all be FloatPointer or all DoublePointer but are "
                    + a.getClass().getSimpleName() + ", " + b.getClass().getSimpleName() + ", "
                    + c.getClass().getSimpleName());
        }
    }
}
