package io.attendspark.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.dataprep.mnist.MnistSplit;
import io.attendspark.jobs.config.ConfigLoader;
import io.attendspark.jobs.spark.SparkContexts;
import io.attendspark.jobs.train.PreparedData;
import io.attendspark.jobs.train.TrainConfig;
import io.attendspark.jobs.training.RoundMetrics;
import io.attendspark.jobs.training.RoundPlan;
import io.attendspark.jobs.training.SparkRoundTrainer;
import io.attendspark.jobs.training.TrainingLoop;
import io.attendspark.jobs.training.resident.ResidentRoundTrainer;
import io.attendspark.models.stn.StnModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One executor JVM killed (SIGKILL) while it fits its minibatches in the second of two averaging
 * rounds (200 ms after that round's training task started; each task fits 10 minibatches, well
 * over a second here, so the kill does not depend on how fast the model is): Spark reruns the lost
 * partition's task from the same broadcast parameters on the same minibatch files, so the round's
 * average — and the final model — equal an undisturbed run's. Tolerance 1e-6 relative: the retried
 * task does the same float operations in the same order, so in practice the models are identical;
 * the slack only covers a different but equally valid order of the two-term average.
 */
class ExecutorKillIT {
    private static final String MNIST = System.getProperty("attend.test.mnist");
    /** Minibatches per worker per round: 40 minibatch files make two rounds. */
    private static final int PER_WORKER = 10;

    @TempDir
    Path tmp;

    @Test
    void killingAnExecutorMidRoundLeavesTheModelUnchanged() throws Exception {
        TrainConfig config = config(false);
        int batch = config.data().batchSize();

        INDArray undisturbed;
        List<RoundMetrics> undisturbedCurve;
        try (JavaSparkContext sc = SparkContexts.start("undisturbed", "local[2]")) {
            PreparedData train = PreparedData.ensure(sc, config.data(), MnistSplit.TRAIN);
            RoundPlan plan = new RoundPlan(train.fullFiles(), 2, PER_WORKER, 40, 1);
            SparkRoundTrainer trainer = new SparkRoundTrainer(sc, StnModels.build(config.stn()), config.averaging(), 2, batch);
            undisturbedCurve = TrainingLoop.run(trainer, plan, batch);
            undisturbed = trainer.network().params().dup();
        }

        AtomicInteger failedTasks = new AtomicInteger();
        AtomicInteger removedExecutors = new AtomicInteger();
        AtomicReference<String> killed = new AtomicReference<>();
        AtomicBoolean armed = new AtomicBoolean();
        Set<Integer> trainingStages = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (JavaSparkContext sc = new JavaSparkContext(io.attendspark.jobs.spark.LocalClusterConf.create("executor-kill", 2, 2048, Path.of("../conf/jvm.options")))) {
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                    if (submitted.stageInfo().name().startsWith("treeAggregate")) {   // DL4J's fit-and-average stage
                        trainingStages.add(submitted.stageInfo().stageId());
                    }
                }

                @Override
                public void onTaskStart(SparkListenerTaskStart start) {
                    if (trainingStages.contains(start.stageId()) && armed.compareAndSet(true, false)) {
                        timer.schedule(() -> killed.set(killOneExecutor()), 200, TimeUnit.MILLISECONDS);
                    }
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.reason() instanceof TaskFailedReason) {
                        failedTasks.incrementAndGet();
                    }
                }

                @Override
                public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
                    removedExecutors.incrementAndGet();
                }
            });
            PreparedData train = PreparedData.ensure(sc, config.data(), MnistSplit.TRAIN);
            RoundPlan plan = new RoundPlan(train.fullFiles(), 2, PER_WORKER, 40, 1);
            SparkRoundTrainer trainer = new SparkRoundTrainer(sc, StnModels.build(config.stn()), config.averaging(), 2, batch);
            List<RoundMetrics> curve = TrainingLoop.run(trainer, plan, batch, (round, network) -> {
                if (round.round() == 1) {
                    armed.set(true);                   // kill during the next round's training task
                }
            });
            assertEquals(2, curve.size(), "rounds");
            assertTrue(killed.get() != null, "an executor JVM was found and killed");
            assertTrue(failedTasks.get() >= 1, "the kill failed a running task (" + killed.get() + ")");
            assertTrue(removedExecutors.get() >= 1, "Spark noticed the lost executor");
            for (int r = 0; r < curve.size(); r++) {
                assertEquals(undisturbedCurve.get(r).loss(), curve.get(r).loss(), 1e-6, "round " + (r + 1) + " loss");
            }
            ComputationGraph model = trainer.network();
            double maxAbs = model.params().sub(undisturbed).amaxNumber().doubleValue();
            assertTrue(maxAbs <= 1e-6 * Math.max(1, undisturbed.amaxNumber().doubleValue()),
                    "model after the kill differs from the undisturbed one by up to " + maxAbs);
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * The same kill with resident workers (one long Spark task per worker): the driver sees the
     * worker's connection break, Spark starts the lost task again on the relaunched executor, and the
     * driver runs the round again from its unchanged parameters, so the model equals an undisturbed run's.
     */
    @Test
    void killingAnExecutorMidRoundLeavesTheResidentWorkersModelUnchanged() throws Exception {
        TrainConfig config = config(true);
        int batch = config.data().batchSize();
        INDArray undisturbed;
        List<RoundMetrics> undisturbedCurve;
        try (JavaSparkContext sc = SparkContexts.start("undisturbed", "local[2]")) {
            PreparedData train = PreparedData.ensure(sc, config.data(), MnistSplit.TRAIN);
            RoundPlan plan = new RoundPlan(train.fullFiles(), 2, PER_WORKER, 40, 1);
            try (ResidentRoundTrainer trainer = new ResidentRoundTrainer(sc, StnModels.build(config.stn()), config.averaging(), 2)) {
                undisturbedCurve = TrainingLoop.run(trainer, plan, batch);
                undisturbed = trainer.network().params().dup();
            }
        }
        AtomicInteger failedTasks = new AtomicInteger();
        AtomicReference<String> killed = new AtomicReference<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (JavaSparkContext sc = new JavaSparkContext(io.attendspark.jobs.spark.LocalClusterConf.create("executor-kill", 2, 2048,
                Path.of("../conf/jvm.options")))) {
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.reason() instanceof TaskFailedReason) {
                        failedTasks.incrementAndGet();
                    }
                }
            });
            PreparedData train = PreparedData.ensure(sc, config.data(), MnistSplit.TRAIN);
            RoundPlan plan = new RoundPlan(train.fullFiles(), 2, PER_WORKER, 40, 1);
            try (ResidentRoundTrainer trainer = new ResidentRoundTrainer(sc, StnModels.build(config.stn()), config.averaging(), 2)) {
                List<RoundMetrics> curve = TrainingLoop.run(trainer, plan, batch, (round, network) -> {
                    if (round.round() == 1) {   // round 2 starts as this returns; kill during its training
                        timer.schedule(() -> killed.set(killOneExecutor()), 200, TimeUnit.MILLISECONDS);
                    }
                });
                assertEquals(2, curve.size(), "rounds");
                assertTrue(killed.get() != null, "an executor JVM was found and killed");
                assertTrue(failedTasks.get() >= 1, "the kill failed a running task (" + killed.get() + ")");
                assertEquals(1, trainer.restarts(), "round 2 ran again after the kill: " + trainer.timings());
                for (int r = 0; r < curve.size(); r++) {
                    assertEquals(undisturbedCurve.get(r).loss(), curve.get(r).loss(), "round " + (r + 1) + " loss");
                }
                assertEquals(undisturbed, trainer.network().params(), "the model after the kill equals the undisturbed one");
            }
        } finally {
            timer.shutdownNow();
        }
    }

    /** The CNN on 2,560 MNIST training images, {@link #PER_WORKER} minibatches per worker and round. */
    private TrainConfig config(boolean residentWorkers) {
        return ConfigLoader.load(Path.of("../conf/train-cnn-mnist.yaml"), List.of("data.mnist=" + MNIST,
                "data.cache=" + tmp.resolve("data").toUri(), "data.trainExamples=2560", "data.testExamples=64",
                "averaging.averagingFrequency=" + PER_WORKER, "averaging.residentWorkers=" + residentWorkers,
                "output=" + tmp.resolve("unused").toUri()), TrainConfig.class, TrainConfig::defaults);
    }

    /** SIGKILLs one of this JVM's executor child processes; returns its description. */
    private static String killOneExecutor() {
        Optional<ProcessHandle> executor = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .findFirst();
        executor.ifPresent(ProcessHandle::destroyForcibly);
        return executor.map(p -> "pid " + p.pid()).orElse(null);
    }
}
