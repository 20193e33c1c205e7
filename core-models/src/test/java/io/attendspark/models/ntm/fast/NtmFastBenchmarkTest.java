package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.ntm.NtmModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ms per {@code fit} of batch 16 at the default copy config (T = 41), SameDiff and fast layer in
 * the same JVM, after 3 warm-up steps. Off unless {@code -Dntm.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "ntm.benchmark", matches = "true")
class NtmFastBenchmarkTest {

    /** {wall, thread-CPU} ms per fit (with OMP_NUM_THREADS=1 ND4J runs its ops in the calling thread). */
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
        NtmConfig c = NtmConfig.defaults();
        DataSet[] data = new DataSet[4];
        for (int i = 0; i < data.length; i++) {
            org.nd4j.linalg.api.ndarray.INDArray[] e = NtmFastFixtures.episode(c, DataType.FLOAT, 16, 50 + i);
            data[i] = new DataSet(e[0], e[1], null, e[2]);
        }
        int timed = Integer.getInteger("ntm.benchmark.steps", 10);
        double[] fast = msPerFit(NtmModels.buildFast(c), data, 3, timed * 5);
        double[] sd = msPerFit(NtmModels.build(c), data, 3, timed);
        double[] fast2 = msPerFit(NtmModels.buildFast(c), data, 3, timed * 5);
        System.out.printf("benchmark T=%d b=16 OMP_NUM_THREADS=%s: SameDiff wall %.1f / cpu %.1f ms/fit (%d fits);"
                        + " fast wall %.1f / cpu %.1f (before) and wall %.1f / cpu %.1f (after) ms/fit (%d fits each);"
                        + " ratio wall %.1fx, cpu %.1fx%n", c.steps(), System.getenv("OMP_NUM_THREADS"), sd[0], sd[1],
                timed, fast[0], fast[1], fast2[0], fast2[1], timed * 5, sd[0] / Math.min(fast[0], fast2[0]),
                sd[1] / Math.min(fast[1], fast2[1]));
    }
}
