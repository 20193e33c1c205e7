package io.attendspark.models.ntm.fast;

import static io.attendspark.models.math.Activations.sigmoid;
import static io.attendspark.models.math.Activations.tanh;

/**
 * The NTM controller step and its backward pass (Graves et al., arXiv:1410.5401v2, §4), as
 * {@link io.attendspark.models.ntm.NtmController}: pre-activations {@code z = x_t W_x + b + u W_h} (computed by the caller)
 * with {@code u = [r_{t−1}, h_{t−1}]} (LSTM, gates packed [i, f, o, g], no peepholes) or
 * {@code u = r_{t−1}} (feed-forward, {@code h = tanh(z)}). Arrays are row-major {@code [b, ·]}.
 */
final class NtmFastController {

    private NtmFastController() {
    }

    /**
     * One step. {@code act [b, G]} receives the gate activations (LSTM: σ(i), σ(f), σ(o), tanh(g);
     * feed-forward: h), {@code c, tanhC, h [b, H]} the cell, tanh(cell) and hidden state.
     *
     * @param z the pre-activations {@code x_t W_x + b + u W_h} {@code [b, G]}
     */
    static void forward(NtmFastDims d, int batch, double[] z, double[] cPrev, double[] act, double[] c,
                        double[] tanhC, double[] h) {
        int g = d.gates(), hs = d.hidden();
        for (int bi = 0; bi < batch; bi++) {
            int zo = bi * g, ho = bi * hs;
            if (!d.lstm()) {
                for (int j = 0; j < hs; j++) {
                    double v = tanh(z[zo + j]);
                    act[zo + j] = v;
                    h[ho + j] = v;
                }
                continue;
            }
            for (int j = 0; j < hs; j++) {
                double i = sigmoid(z[zo + j]), f = sigmoid(z[zo + hs + j]), o = sigmoid(z[zo + 2 * hs + j]);
                double gg = tanh(z[zo + 3 * hs + j]);
                act[zo + j] = i;
                act[zo + hs + j] = f;
                act[zo + 2 * hs + j] = o;
                act[zo + 3 * hs + j] = gg;
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
     * ({@code dc [b, H]}, replaced by the one for c_{t−1}), returns {@code dz [b, G]}.
     */
    static double[] backward(NtmFastDims d, int batch, double[] dh, double[] dc, double[] act, double[] cPrev,
                             double[] tanhC) {
        int g = d.gates(), hs = d.hidden();
        double[] dz = new double[batch * g];
        for (int bi = 0; bi < batch; bi++) {
            int zo = bi * g, ho = bi * hs;
            if (!d.lstm()) {
                for (int j = 0; j < hs; j++) {
                    double v = act[zo + j];
                    dz[zo + j] = dh[ho + j] * (1 - v * v);
                }
                continue;
            }
            for (int j = 0; j < hs; j++) {
                double i = act[zo + j], f = act[zo + hs + j], o = act[zo + 2 * hs + j], gg = act[zo + 3 * hs + j];
                double tc = tanhC[ho + j];
                double dcell = dc[ho + j] + dh[ho + j] * o * (1 - tc * tc);
                dz[zo + j] = dcell * gg * i * (1 - i);
                dz[zo + hs + j] = dcell * cPrev[ho + j] * f * (1 - f);
                dz[zo + 2 * hs + j] = dh[ho + j] * tc * o * (1 - o);
                dz[zo + 3 * hs + j] = dcell * i * (1 - gg * gg);
                dc[ho + j] = dcell * f;
            }
        }
        return dz;
    }
}
