package io.attendspark.jobs.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How fast this machine is right now: the GFLOP/s of a fixed float gemm ([64, 512] · [512, 1024],
 * the shape of a DRAW LSTM step), best of five bursts of about 20 ms. On the shared 2-core machine
 * the same probe gave 100 and 180 GFLOP/s a minute apart, which is why benchmark figures are
 * compared within one run and printed next to it.
 */
final class SpeedProbe {
    private static final int M = 64;
    private static final int K = 512;
    private static final int N = 1024;

    private SpeedProbe() {
    }

    static double sgemmGflops() {
        INDArray a = Nd4j.rand(DataType.FLOAT, M, K);
        INDArray b = Nd4j.rand(DataType.FLOAT, K, N);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, M, N);
        double flops = 2.0 * M * K * N;
        int calls = 30;
        double best = Double.MAX_VALUE;
        for (int burst = 0; burst < 6; burst++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / calls;
            if (burst > 0) {                 // the first burst warms up the code path
                best = Math.min(best, seconds);
            }
        }
        return flops / best / 1e9;
    }
}
