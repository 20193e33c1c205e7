package io.attendspark.models.ntm.fast;

/** Broadcasts and the scalar/softmax functions (and their backward) of the fast NTM, on double arrays. */
final class NtmFastLinear {

    private NtmFastLinear() {
    }

    /** {@code out[m, n] = row-broadcast bias[n]}. */
    static double[] broadcast(double[] bias, int m) {
        int n = bias.length;
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(bias, 0, out, i * n, n);
        }
        return out;
    }

    static double softplus(double x) {
        return Math.log(1.0 + Math.exp(x));
    }

    /** In-place softmax of {@code v[off .. off+len)}. */
    static void softmax(double[] v, int off, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, v[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
            double e = Math.exp(v[off + i] - max);
            v[off + i] = e;
            sum += e;
        }
        for (int i = 0; i < len; i++) {
            v[off + i] /= sum;
        }
    }

    /** Softmax backward in place: {@code d ← y ⊙ (d − Σ y d)} over {@code [off, off+len)}. */
    static void softmaxBackward(double[] y, double[] d, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += y[off + i] * d[off + i];
        }
        for (int i = 0; i < len; i++) {
            d[off + i] = y[off + i] * (d[off + i] - s);
        }
    }
}
