package io.attendspark.models.draw.fast;

/**
 * One LSTM step without peepholes and its backward pass, as {@code DrawNetwork.lstm}: pre-activations
 * {@code z = [inputs, h_{t−1}] W + b} {@code [b, 4H]} (computed by the caller), gates packed
 * i, f, g, o; c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t). Arrays are row-major {@code [b, ·]}.
 */
final class DrawFastLstm {

    private DrawFastLstm() {
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** tanh through one {@code exp} (Math.tanh is the slow StrictMath one); absolute error ~1e-16. */
    static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        return Math.copySign((1 - e) / (1 + e), x);
    }

    /**
     * One step: {@code act [b, 4H]} receives σ(i), σ(f), tanh(g), σ(o); {@code c, tanhC, h [b, H]} the
     * cell, tanh(cell) and hidden state.
     */
    static void forward(int batch, int hs, double[] z, double[] cPrev, double[] act, double[] c, double[] tanhC,
                        double[] h) {
        int g4 = 4 * hs;
        for (int bi = 0; bi < batch; bi++) {
            int zo = bi * g4, ho = bi * hs;
            for (int j = 0; j < hs; j++) {
                double i = sigmoid(z[zo + j]), f = sigmoid(z[zo + hs + j]);
                double gg = tanh(z[zo + 2 * hs + j]), o = sigmoid(z[zo + 3 * hs + j]);
                act[zo + j] = i;
                act[zo + hs + j] = f;
                act[zo + 2 * hs + j] = gg;
                act[zo + 3 * hs + j] = o;
                double cell = f * cPrev[ho + j] + i * gg;
                double tc = tanh(cell);
                c[ho + j] = cell;
                tanhC[ho + j] = tc;
                h[ho + j] = o * tc;
            }
        }
    }

    /**
     * Backward of one step: from {@code dh [b, H]} and the cell gradient carried from step t+1
     * ({@code dc [b, H]}, replaced by the one for c_{t−1}), returns {@code dz [b, 4H]}.
     */
    static double[] backward(int batch, int hs, double[] dh, double[] dc, double[] act, double[] cPrev,
                             double[] tanhC) {
        int g4 = 4 * hs;
        double[] dz = new double[batch * g4];
        for (int bi = 0; bi < batch; bi++) {
            int zo = bi * g4, ho = bi * hs;
            for (int j = 0; j < hs; j++) {
                double i = act[zo + j], f = act[zo + hs + j], gg = act[zo + 2 * hs + j], o = act[zo + 3 * hs + j];
                double tc = tanhC[ho + j];
                double dcell = dc[ho + j] + dh[ho + j] * o * (1 - tc * tc);
                dz[zo + j] = dcell * gg * i * (1 - i);
                dz[zo + hs + j] = dcell * cPrev[ho + j] * f * (1 - f);
                dz[zo + 2 * hs + j] = dcell * i * (1 - gg * gg);
                dz[zo + 3 * hs + j] = dh[ho + j] * tc * o * (1 - o);
                dc[ho + j] = dcell * f;
            }
        }
        return dz;
    }
}
