package io.attendspark.models.draw.fast;

import io.attendspark.models.math.Activations;

/**
 * One LSTM step without peepholes and its backward pass, as {@code DrawNetwork.lstm}: pre-activations
 * {@code z = [inputs, h_{t−1}] W + b} {@code [b, 4H]} (computed by the caller), gates packed
 * i, f, g, o; c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t). Arrays are row-major {@code [b, ·]}.
 */
final class DrawFastLstm {

    private DrawFastLstm() {
    }

    /**
     * One step: {@code act [b, 4H]} receives σ(i), σ(f), tanh(g), σ(o); {@code c, tanhC, h [b, H]} the
     * cell, tanh(cell) and hidden state. The nonlinearities run over whole gate blocks
     * ({@link Activations}, vectorised where the JDK allows).
     */
    static void forward(int batch, int hs, double[] z, double[] cPrev, double[] act, double[] c, double[] tanhC,
                        double[] h) {
        int g4 = 4 * hs;
        for (int bi = 0; bi < batch; bi++) {
            int zo = bi * g4, ho = bi * hs;
            Activations.sigmoid(z, zo, act, zo, 2 * hs);                          // i, f
            Activations.tanh(z, zo + 2 * hs, act, zo + 2 * hs, hs);               // g
            Activations.sigmoid(z, zo + 3 * hs, act, zo + 3 * hs, hs);            // o
            for (int j = 0; j < hs; j++) {
                c[ho + j] = act[zo + hs + j] * cPrev[ho + j] + act[zo + j] * act[zo + 2 * hs + j];
            }
        }
        Activations.tanh(c, 0, tanhC, 0, batch * hs);
        for (int bi = 0; bi < batch; bi++) {
            int zo = bi * g4, ho = bi * hs;
            for (int j = 0; j < hs; j++) {
                h[ho + j] = act[zo + 3 * hs + j] * tanhC[ho + j];
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
