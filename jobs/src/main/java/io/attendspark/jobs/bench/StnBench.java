package io.attendspark.jobs.bench;

import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Steady-state cost of one training step (forward + backward + update) of the ST-CNN and its CNN
 * baseline in this JVM, on random data: prints one line per workload. Thread count is whatever
 * {@code OMP_NUM_THREADS} says (set it before the JVM starts).
 *
 * <pre>StnBench [batch] [warmupSteps] [timedSteps]</pre>
 */
public final class StnBench {
    private StnBench() {
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        io.attendspark.jobs.spark.SameDiffStdoutFilter.install();
        System.out.printf("workload,architecture,size,batch,ms_per_step,examples_per_s,omp_threads%n");
        for (int size : new int[] {28, 42}) {
            for (StnModelConfig.Architecture arch : StnModelConfig.Architecture.values()) {
                StnModelConfig config = StnModelConfig.defaults().withSize(size, size).withArchitecture(arch);
                double ms = msPerStep(StnModels.build(config), size, batch, warmup, steps);
                System.out.printf("stn,%s,%dx%d,%d,%.1f,%.0f,%s%n", arch, size, size, batch, ms, batch * 1000 / ms,
                        System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
            }
        }
    }

    static double msPerStep(ComputationGraph graph, int size, int batch, int warmup, int steps) {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, size, size);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        DataSet data = new DataSet(x, y);
        for (int i = 0; i < warmup; i++) {
            graph.fit(data);
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            graph.fit(data);
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }
}
