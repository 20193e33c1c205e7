package io.attendspark.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.jobs.spark.SparkContexts;
import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The guard for everything distributed (PAPERS.md §4): one Spark worker equals single-JVM
 * training on the same minibatches, bit for bit; k workers with plain SGD averaging every step
 * on equal shards equal single-JVM SGD on the union minibatch.
 */
class ParameterAveragingEquivalenceSparkTest {
    private static final int BATCH = TinyStnRounds.BATCH;
    /** Float32 sums in a different order (k partial gradients vs one union gradient). */
    private static final double UNION_TOLERANCE = 2e-6;
    private static JavaSparkContext sc;

    @TempDir
    static Path data;
    private static List<String> files;

    @BeforeAll
    static void start() throws IOException {
        sc = SparkContexts.start("equivalence-test", "local[2]");
        files = TinyStnRounds.writeBatches(data, 7);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void oneWorkerEqualsSingleJvmExactly() {
        long reusedBefore = ReusingTrainingWorker.reused();
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        AveragingSettings settings = new AveragingSettings(1, 3, true, 2, 0, false, false);
        RoundPlan plan = new RoundPlan(files, 1, 3, 9, 5);
        assertEquals(3, plan.rounds());

        SparkRoundTrainer spark = new SparkRoundTrainer(sc, StnModels.build(config), settings, 1, BATCH);
        LocalRoundTrainer local = new LocalRoundTrainer(StnModels.build(config), sc.hadoopConfiguration());
        INDArray initial = local.network().params().dup();
        assertEquals(initial, spark.network().params(), "same initial parameters");

        List<RoundMetrics> sparkCurve = TrainingLoop.run(spark, plan, BATCH);
        List<RoundMetrics> localCurve = TrainingLoop.run(local, plan, BATCH);
        for (int r = 0; r < plan.rounds(); r++) {
            assertEquals(localCurve.get(r).loss(), sparkCurve.get(r).loss(), "round " + (r + 1) + " loss");
        }
        INDArray sparkParams = spark.network().params();
        assertTrue(sparkParams.sub(initial).norm2Number().doubleValue() > 1e-3, "training moved the parameters");
        assertEquals(local.network().params(), sparkParams, "one Spark worker == single JVM, bit for bit");
        assertEquals(local.network().getUpdater().getStateViewArray(), spark.network().getUpdater().getStateViewArray(),
                "Adam state carried over rounds identically");
        assertEquals(9, spark.network().getConfiguration().getIterationCount(), "global iteration count (Adam bias correction)");
        long reused = ReusingTrainingWorker.reused() - reusedBefore;   // round 1 too if an earlier test left the same network
        assertTrue(reused >= 2 && reused <= 3, "rounds 2 and 3 reused the worker's network: " + reused);
    }

    /** With DL4J's timing on, reused networks still train identically and the phase split is still there. */
    @Test
    void timingStatsWorkOnReusedNetworks() {
        long reusedBefore = ReusingTrainingWorker.reused();
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        RoundPlan plan = new RoundPlan(files, 1, 3, 9, 5);
        SparkRoundTrainer spark = new SparkRoundTrainer(sc, StnModels.build(config),
                new AveragingSettings(1, 3, true, 2, 0, true, false), 1, BATCH);
        LocalRoundTrainer local = new LocalRoundTrainer(StnModels.build(config), sc.hadoopConfiguration());
        TrainingLoop.run(spark, plan, BATCH);
        TrainingLoop.run(local, plan, BATCH);
        assertEquals(local.network().params(), spark.network().params(), "one Spark worker == single JVM with stats on");
        long reused = ReusingTrainingWorker.reused() - reusedBefore;   // round 1 too if an earlier test left the same network
        assertTrue(reused >= 2 && reused <= 3, "rounds 2 and 3 reused the worker's network: " + reused);
        assertTrue(spark.stats() != null && spark.stats().getKeySet().stream().anyMatch(k -> k.contains("Fit")),
                "DL4J's phase split: " + (spark.stats() == null ? null : spark.stats().getKeySet()));
    }

    /** What the NTM's plateau schedule does between rounds reaches the workers (it is in the broadcast configuration). */
    @Test
    void aLearningRateChangedBetweenRoundsReachesTheWorkers() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        AveragingSettings settings = new AveragingSettings(1, 3, true, 2, 0, false, false);
        RoundPlan plan = new RoundPlan(files, 1, 3, 9, 5);
        SparkRoundTrainer spark = new SparkRoundTrainer(sc, StnModels.build(config), settings, 1, BATCH);
        LocalRoundTrainer local = new LocalRoundTrainer(StnModels.build(config), sc.hadoopConfiguration());
        LocalRoundTrainer unchanged = new LocalRoundTrainer(StnModels.build(config), sc.hadoopConfiguration());
        for (int r = 0; r < plan.rounds(); r++) {
            if (r == 1) {
                spark.network().setLearningRate(1e-3);
                local.network().setLearningRate(1e-3);
            }
            assertEquals(local.fitRound(plan.round(r)), spark.fitRound(plan.round(r)), "round " + (r + 1) + " loss");
            unchanged.fitRound(plan.round(r));
        }
        assertEquals(local.network().params(), spark.network().params(), "same parameters with the lowered rate");
        assertTrue(!unchanged.network().params().equals(spark.network().params()), "the lowered rate changed the training");
    }

    @Test
    void twoWorkersWithSgdEqualSingleJvmSgdOnTheUnionBatch() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.SGD, 0.1);
        AveragingSettings settings = new AveragingSettings(2, 1, false, 2, 0, false, false);
        RoundPlan plan = new RoundPlan(files, 2, 1, 8, 3);
        assertEquals(4, plan.rounds());

        SparkRoundTrainer spark = new SparkRoundTrainer(sc, StnModels.build(config), settings, 2, BATCH);
        ComputationGraph union = StnModels.build(config);
        INDArray initial = union.params().dup();
        for (int r = 0; r < plan.rounds(); r++) {
            List<String> round = plan.round(r);
            spark.fitRound(round);
            List<DataSet> parts = new ArrayList<>();
            for (String file : round) {
                parts.add(LocalRoundTrainer.load(file, sc.hadoopConfiguration()));
            }
            union.fit(DataSet.merge(parts)); // one SGD step on the 2×8 union batch
        }
        INDArray expected = union.params();
        INDArray actual = spark.network().params();
        double moved = expected.sub(initial).norm2Number().doubleValue();
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(moved > 1e-3, "training moved the parameters: " + moved);
        assertTrue(diff <= UNION_TOLERANCE * Math.max(1, expected.norm2Number().doubleValue()),
                "k workers averaging every SGD step == SGD on the union batch; |diff| = " + diff + ", moved " + moved);
    }

    @Test
    void aNonFiniteLossOnOneWorkerFailsTheRoundNamingItsFileAndLeavesTheModelAlone() throws IOException {
        Path bad = TinyStnRounds.writeNanBatch(data);
        List<String> round = List.of(files.get(0), files.get(1), files.get(2), bad.toUri().toString());

        SparkRoundTrainer spark = new SparkRoundTrainer(sc, StnModels.build(tiny(StnModelConfig.Optimizer.ADAM, 1e-2)),
                new AveragingSettings(2, 2, true, 2, 0, false, false), 2, BATCH);
        INDArray before = spark.network().params().dup();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> spark.fitRound(round));
        assertTrue(e.getMessage().contains("partition 1, minibatch 2 of 2") && e.getMessage().contains("shard-nan.bin"),
                e.getMessage());
        assertEquals(before, spark.network().params(), "the driver's model is untouched");

        LocalRoundTrainer local = new LocalRoundTrainer(StnModels.build(tiny(StnModelConfig.Optimizer.ADAM, 1e-2)),
                sc.hadoopConfiguration());
        IllegalStateException le = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> local.fitRound(round));
        assertTrue(le.getMessage().contains("shard-nan.bin"), le.getMessage());
    }

    private static StnModelConfig tiny(StnModelConfig.Optimizer optimizer, double lr) {
        return TinyStnRounds.tiny(optimizer, lr);
    }
}
