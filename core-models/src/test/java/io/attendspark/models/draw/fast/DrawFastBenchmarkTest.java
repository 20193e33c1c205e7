package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ms per {@code fit} of batch 64 at the paper's MNIST sizes (28×28, LSTM 256/256, z 100, read 2×2,
 * write 5×5) with T = {@code draw.benchmark.t} (default 10), SameDiff and fast layer in the same
 * JVM, float, after 3 warm-up steps, on random binarised images. Off unless
 * {@code -Ddraw.benchmark=true}; run with {@code OMP_NUM_THREADS=1}.
 */
@EnabledIfSystemProperty(named = "draw.benchmark", matches = "true")
class DrawFastBenchmarkTest {

    /** {wall, thread-CPU} ms per fit. */
    private static double[] msPerFit(ComputationGraph g, DataSet[] data, int warmUp, int timed) {
        for (int i = 0; i < warmUp; i++) {
            g.fit(data[i % data.length]);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < timed; i++) {
            g.fit(data[i % data.length]);
        }
        return new double[]{(System.nanoTime() - t0) / 1e6 / timed, (mx.getCurrentThreadCpuTime() - c0) / 1e6 / timed};
    }

    @Test
    void fitTimes() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        DrawConfig c = DrawConfig.paper().withSteps(Integer.getInteger("draw.benchmark.t", 10));
        DataSet[] data = new DataSet[4];
        Nd4j.getRandom().setSeed(5);
        for (int i = 0; i < data.length; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28).gt(0.8).castTo(DataType.FLOAT);
            data[i] = new DataSet(x, Nd4j.zeros(DataType.FLOAT, 64, 10));
        }
        int timed = Integer.getInteger("draw.benchmark.steps", 10);
        double[] fast = msPerFit(DrawModels.buildFast(c), data, 3, timed);
        double[] sd = msPerFit(DrawModels.build(c), data, 3, timed);
        double[] fast2 = msPerFit(DrawModels.buildFast(c), data, 3, timed);
        System.out.printf("draw benchmark T=%d b=64 28x28 OMP_NUM_THREADS=%s: SameDiff wall %.1f / cpu %.1f ms/fit;"
                        + " fast wall %.1f / cpu %.1f (before) and wall %.1f / cpu %.1f (after) ms/fit (%d fits each);"
                        + " ratio wall %.2fx, cpu %.2fx%n", c.steps(), System.getenv("OMP_NUM_THREADS"), sd[0], sd[1],
                fast[0], fast[1], fast2[0], fast2[1], timed, sd[0] / Math.min(fast[0], fast2[0]),
                sd[1] / Math.min(fast[1], fast2[1]));
    }
}
