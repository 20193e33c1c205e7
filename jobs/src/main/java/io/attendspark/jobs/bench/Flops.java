package io.attendspark.jobs.bench;

import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;

/**
 * Analytic floating-point operations of one training iteration, counting the dominant work only:
 * convolutions, matrix products and the bilinear sampler's / filterbanks' products (2 FLOPs per
 * multiply-add), forward pass × 3 for forward + backward (the backward pass of a product costs
 * two products). Elementwise ops, pooling and the optimiser update are left out, so achieved
 * GFLOP/s is a lower bound on what the kernels did.
 */
final class Flops {
    private Flops() {
    }

    static double stn(StnModelConfig c, int batch) {
        double f = 0;
        int h = c.height();
        int w = c.width();
        if (c.architecture() == StnModelConfig.Architecture.ST_CNN) {
            int k = StnModels.LOC_KERNEL;
            int fl = StnModels.LOC_FILTERS;
            int h1 = h - k + 1, w1 = w - k + 1;
            f += conv(c.channels(), fl, k, h1, w1);
            int h2 = h1 / 2 - k + 1, w2 = w1 / 2 - k + 1;
            f += conv(fl, fl, k, h2, w2);
            f += dense((long) fl * (h2 / 2) * (w2 / 2), StnModels.LOC_HIDDEN) + dense(StnModels.LOC_HIDDEN, 6);
            f += 2.0 * 4 * h * w * c.channels();         // sampler: 4 taps per output value (StnFastSampler gather)
        }
        int k = c.kernel();
        int h1 = h - k + 1, w1 = w - k + 1;
        f += conv(c.channels(), c.conv1Filters(), k, h1, w1);
        int h2 = h1 / 2 - k + 1, w2 = w1 / 2 - k + 1;
        f += conv(c.conv1Filters(), c.conv2Filters(), k, h2, w2);
        long flat = (long) c.conv2Filters() * (h2 / 2) * (w2 / 2);
        int d = StnModels.denseWidth(c);
        f += dense(flat, d) + dense(d, c.classes());
        return 3 * f * batch;
    }

    static double draw(DrawConfig c, int batch) {
        double a = c.width(), b = c.height();
        double he = c.encoderSize(), hd = c.decoderSize(), z = c.latentSize();
        double readWidth = c.attention() ? 2.0 * c.readN() * c.readN() : 2 * a * b;
        double perStep = 0;
        if (c.attention()) {
            double n = c.readN(), nw = c.writeN();
            perStep += 2 * (2 * n * b * a + 2 * n * n * a);            // F_Y x F_X^T for x and x̂ (eq. 27)
            perStep += 2 * (2 * b * nw * nw + 2 * b * nw * a);         // F_Y^T w F_X (eq. 29)
            perStep += dense((long) hd, (long) (nw * nw)) + 2 * dense((long) hd, 5);   // patch and window parameters
        } else {
            perStep += dense((long) hd, (long) (a * b));               // linear write
        }
        perStep += dense((long) (readWidth + hd + he), (long) (4 * he));   // encoder LSTM gates
        perStep += dense((long) he, (long) (2 * z));                         // μ, log σ
        perStep += dense((long) (z + hd), (long) (4 * hd));                 // decoder LSTM gates
        return 3 * perStep * c.steps() * batch;
    }

    static double ntm(NtmConfig c, int batch) {
        double n = c.memoryRows(), m = c.memoryWidth(), h = c.controllerSize();
        double r = c.readHeads(), w = c.writeHeads(), heads = r + w;
        double headWidth = r * (m + 1 + 1 + (2 * c.shiftRange() + 1) + 1) + w * (3 * m + 1 + 1 + (2 * c.shiftRange() + 1) + 1);
        double perStep = dense((long) (c.inputWidth() + r * m + h), (long) (4 * h))   // LSTM gates
                + dense((long) h, (long) headWidth)                                  // all heads in one product
                + heads * (2 * n * m + 2 * n * m)                                     // cosine: dots and norms
                + heads * 2 * n * (2 * c.shiftRange() + 1)                            // circular shift
                + r * 2 * n * m                                                       // read (eq. 2)
                + w * 4 * n * m                                                       // erase and add (eqs. 3-4)
                + dense((long) (h + r * m), c.outputWidth());                         // output
        return 3 * perStep * c.steps() * batch;
    }

    private static double conv(int in, int out, int k, int hOut, int wOut) {
        return 2.0 * in * out * k * k * hOut * wOut;
    }

    private static double dense(long in, long out) {
        return 2.0 * in * out;
    }
}
