package io.attendspark.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.jobs.config.ConfigLoader;
import io.attendspark.jobs.spark.SparkContexts;
import io.attendspark.jobs.train.TrainConfig;
import io.attendspark.jobs.train.TrainJob;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training with real executor JVMs ({@code local-cluster[2,1,2048]}: two executors of one core)
 * gives the same model as {@code local[2]} (two worker threads in one JVM): the round plan, the
 * partitioning and the averaging are the same, only the process boundary differs.
 */
class LocalClusterTrainIT {
    private static final String MNIST = System.getProperty("attend.test.mnist");

    @TempDir
    Path tmp;

    @Test
    void twoExecutorJvmsTrainTheSameModelAsTwoThreads() throws Exception {
        List<String> overrides = List.of("data.mnist=" + MNIST, "data.cache=" + tmp.resolve("data").toUri(),
                "data.trainExamples=1024", "data.testExamples=128", "budgetExamples=1024", "averaging.averagingFrequency=2");
        TrainJob.Result threads;
        try (JavaSparkContext sc = SparkContexts.start("local[2] reference", "local[2]")) {
            threads = TrainJob.run(sc, config(overrides, "local2"));
        }
        TrainJob.Result jvms;
        try (JavaSparkContext sc = new JavaSparkContext(io.attendspark.jobs.spark.LocalClusterConf.create("local-cluster", 2, 2048, Path.of("../conf/jvm.options")))) {
            jvms = TrainJob.run(sc, config(overrides, "cluster"));
            assertEquals(2, sc.sc().getExecutorMemoryStatus().size() - 1, "two executor JVMs besides the driver");
        }
        assertEquals(threads.metrics().trainExamplesSeen(), jvms.metrics().trainExamplesSeen());
        ComputationGraph a = ModelSerializer.restoreComputationGraph(Path.of(threads.output().toUri()).resolve("model.zip").toFile(), true);
        ComputationGraph b = ModelSerializer.restoreComputationGraph(Path.of(jvms.output().toUri()).resolve("model.zip").toFile(), true);
        INDArray diff = a.params().sub(b.params());
        double maxAbs = diff.amaxNumber().doubleValue();
        assertTrue(maxAbs <= 1e-6 * Math.max(1, a.params().amaxNumber().doubleValue()),
                "local-cluster and local[2] models differ by up to " + maxAbs);
        assertEquals(threads.metrics().test().get("accuracy"), jvms.metrics().test().get("accuracy"));
    }

    private TrainConfig config(List<String> overrides, String name) {
        List<String> all = new java.util.ArrayList<>(overrides);
        all.add("output=" + tmp.resolve(name).toUri());
        return ConfigLoader.load(Path.of("../conf/train-cnn-mnist.yaml"), all, TrainConfig.class, TrainConfig::defaults);
    }
}
