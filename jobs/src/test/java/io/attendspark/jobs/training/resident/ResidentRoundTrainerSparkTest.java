package io.attendspark.jobs.training.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.jobs.spark.SparkContexts;
import io.attendspark.jobs.training.AveragingSettings;
import io.attendspark.jobs.training.BatchSource;
import io.attendspark.jobs.training.FileBatches;
import io.attendspark.jobs.training.LocalRoundTrainer;
import io.attendspark.jobs.training.RoundMetrics;
import io.attendspark.jobs.training.RoundPlan;
import io.attendspark.jobs.training.SparkRoundTrainer;
import io.attendspark.jobs.training.TinyStnRounds;
import io.attendspark.jobs.training.TrainingLoop;
import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Resident workers must train exactly as the single JVM does with one worker, and exactly as
 * DL4J's job-per-round parameter averaging does with two; a worker task that dies mid-round must
 * not change the result. Runs on {@code local[2,4]}: two task slots, and a failed task is retried
 * (plain {@code local[2]} never retries).
 */
class ResidentRoundTrainerSparkTest {
    private static final int BATCH = TinyStnRounds.BATCH;
    private static JavaSparkContext sc;

    @TempDir
    static Path data;
    private static List<String> files;

    @BeforeAll
    static void start() throws IOException {
        sc = SparkContexts.start("resident-test", "local[2,4]");
        files = TinyStnRounds.writeBatches(data, 11);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void oneWorkerEqualsSingleJvmExactly() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        RoundPlan plan = new RoundPlan(files, 1, 3, 9, 5);
        LocalRoundTrainer local = new LocalRoundTrainer(StnModels.build(config), sc.hadoopConfiguration());
        INDArray initial = local.network().params().dup();
        List<RoundMetrics> residentCurve;
        ComputationGraph trained;
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), settings(true), 1)) {
            residentCurve = TrainingLoop.run(resident, plan, BATCH);
            trained = resident.network();
            assertEquals(3, resident.timings().size());
            for (ResidentRoundTrainer.RoundTiming t : resident.timings()) {
                assertTrue(t.fitMs() > 0 && t.fitMs() + t.averageMs() <= t.roundMs(), t.toString());
            }
        }
        List<RoundMetrics> localCurve = TrainingLoop.run(local, plan, BATCH);
        for (int r = 0; r < plan.rounds(); r++) {
            assertEquals(localCurve.get(r).loss(), residentCurve.get(r).loss(), "round " + (r + 1) + " loss");
        }
        assertTrue(trained.params().sub(initial).norm2Number().doubleValue() > 1e-3, "training moved the parameters");
        assertEquals(local.network().params(), trained.params(), "one resident worker == single JVM, bit for bit");
        assertEquals(local.network().getUpdater().getStateViewArray(), trained.getUpdater().getStateViewArray(),
                "Adam state carried over rounds identically");
        assertEquals(9, trained.getConfiguration().getIterationCount(), "global iteration count (Adam bias correction)");
    }

    @Test
    void twoWorkersEqualDl4jParameterAveragingExactly() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        RoundPlan plan = new RoundPlan(files, 2, 3, 18, 5);
        assertEquals(3, plan.rounds());
        SparkRoundTrainer dl4j = new SparkRoundTrainer(sc, StnModels.build(config),
                new AveragingSettings(2, 3, true, 2, 0, false, false), 2, BATCH);
        List<RoundMetrics> dl4jCurve = TrainingLoop.run(dl4j, plan, BATCH);
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), settings(true), 2)) {
            List<RoundMetrics> curve = TrainingLoop.run(resident, plan, BATCH);
            for (int r = 0; r < plan.rounds(); r++) {
                assertEquals(dl4jCurve.get(r).loss(), curve.get(r).loss(), "round " + (r + 1) + " loss");
            }
            assertEquals(dl4j.network().params(), resident.network().params(), "same averages as DL4J's, bit for bit");
            assertEquals(dl4j.network().getUpdater().getStateViewArray(), resident.network().getUpdater().getStateViewArray());
            assertEquals(dl4j.network().getConfiguration().getIterationCount(),
                    resident.network().getConfiguration().getIterationCount());
        }
    }

    /** Without averaged optimiser state every round starts Adam afresh on every worker, as DL4J's new networks do. */
    @Test
    void withoutAveragedStateTwoWorkersEqualDl4jExactly() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        RoundPlan plan = new RoundPlan(files, 2, 3, 18, 5);
        SparkRoundTrainer dl4j = new SparkRoundTrainer(sc, StnModels.build(config),
                new AveragingSettings(2, 3, false, 2, 0, false, false), 2, BATCH);
        TrainingLoop.run(dl4j, plan, BATCH);
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), settings(false), 2)) {
            TrainingLoop.run(resident, plan, BATCH);
            assertEquals(dl4j.network().params(), resident.network().params(), "same averages as DL4J's, bit for bit");
        }
    }

    @Test
    void twoWorkersWithSgdEqualSingleJvmSgdOnTheUnionBatch() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.SGD, 0.1);
        RoundPlan plan = new RoundPlan(files, 2, 1, 8, 3);
        ComputationGraph union = StnModels.build(config);
        INDArray initial = union.params().dup();
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), settings(false), 2)) {
            for (int r = 0; r < plan.rounds(); r++) {
                List<String> round = plan.round(r);
                resident.fitRound(round);
                List<DataSet> parts = new ArrayList<>();
                for (String file : round) {
                    parts.add(LocalRoundTrainer.load(file, sc.hadoopConfiguration()));
                }
                union.fit(DataSet.merge(parts));
            }
            INDArray expected = union.params();
            double moved = expected.sub(initial).norm2Number().doubleValue();
            double diff = expected.sub(resident.network().params()).norm2Number().doubleValue();
            assertTrue(moved > 1e-3, "training moved the parameters: " + moved);
            assertTrue(diff <= 2e-6 * Math.max(1, expected.norm2Number().doubleValue()),
                    "k workers averaging every SGD step == SGD on the union batch; |diff| = " + diff + ", moved " + moved);
        }
    }

    /** The NTM's plateau schedule lowers the rate between rounds: the workers get the new configuration. */
    @Test
    void aLearningRateChangedBetweenRoundsReachesTheWorkers() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        RoundPlan plan = new RoundPlan(files, 1, 3, 9, 5);
        LocalRoundTrainer local = new LocalRoundTrainer(StnModels.build(config), sc.hadoopConfiguration());
        LocalRoundTrainer unchanged = new LocalRoundTrainer(StnModels.build(config), sc.hadoopConfiguration());
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), settings(true), 1)) {
            for (int r = 0; r < plan.rounds(); r++) {
                if (r == 1) {
                    resident.network().setLearningRate(1e-3);
                    local.network().setLearningRate(1e-3);
                }
                assertEquals(local.fitRound(plan.round(r)), resident.fitRound(plan.round(r)), "round " + (r + 1) + " loss");
                unchanged.fitRound(plan.round(r));
            }
            assertEquals(local.network().params(), resident.network().params(), "same parameters with the lowered rate");
            assertNotEquals(unchanged.network().params(), resident.network().params(), "the lowered rate changed the training");
        }
    }

    @Test
    void aNonFiniteLossOnOneWorkerFailsTheRoundNamingItsFileAndLeavesTheModelAlone() throws IOException {
        Path bad = TinyStnRounds.writeNanBatch(data);
        List<String> round = List.of(files.get(0), files.get(1), files.get(2), bad.toUri().toString());
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc,
                StnModels.build(tiny(StnModelConfig.Optimizer.ADAM, 1e-2)), settings(true), 2)) {
            INDArray before = resident.network().params().dup();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> resident.fitRound(round));
            assertTrue(e.getMessage().contains("partition 1, minibatch 2 of 2") && e.getMessage().contains("shard-nan.bin"),
                    e.getMessage());
            assertEquals(before, resident.network().params(), "the driver's model is untouched");
        }
    }

    /**
     * Worker 1's task throws while loading its second minibatch of round 2 (once): Spark runs the task
     * again, the driver runs round 2 again from its unchanged parameters, and the model equals an
     * undisturbed run's, bit for bit.
     */
    @Test
    void aWorkerTaskDyingMidRoundLeavesTheResultUnchanged() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        RoundPlan plan = new RoundPlan(files, 2, 2, 12, 5);
        assertEquals(3, plan.rounds());
        INDArray undisturbed;
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), settings(true), 2)) {
            TrainingLoop.run(resident, plan, BATCH);
            undisturbed = resident.network().params().dup();
            assertEquals(0, resident.restarts());
        }
        String victim = plan.round(1).get(3);   // worker 1, its second minibatch of round 2
        FailOnce.failures.set(0);
        AveragingSettings prefetching = new AveragingSettings(0, 1, true, 1, 1, false, true);   // the failure hits the loader thread
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), prefetching, 2,
                new FailOnce(victim))) {
            TrainingLoop.run(resident, plan, BATCH);
            assertEquals(1, FailOnce.failures.get(), "the injected failure happened");
            assertEquals(1, resident.restarts(), "round 2 ran again");
            assertEquals(undisturbed, resident.network().params(), "a restarted round changes nothing");
        }
    }

    /**
     * Worker 1 hangs on its second minibatch (its loader sleeps for two minutes): the round fails at
     * its deadline naming partition 1 instead of waiting, the model is untouched, the trainer refuses
     * further rounds, and closing it cancels the hung task at once (not after the 60 s a clean stop
     * may take).
     */
    @Test
    void aHungWorkerFailsTheRoundAtItsDeadlineNamingItsPartition() throws InterruptedException {
        List<String> round = files.subList(0, 4);
        HangOn.interrupted.set(false);
        ResidentRoundTrainer resident = new ResidentRoundTrainer(sc,
                StnModels.build(tiny(StnModelConfig.Optimizer.ADAM, 1e-2)), settings(true), 2, new HangOn(round.get(3)));
        try {
            assertEquals(ResidentRoundTrainer.FIRST_ROUND_TIMEOUT_S, resident.roundDeadlineSeconds(), "before any round");
            resident.fitRound(files.subList(4, 8));
            assertEquals(ResidentRoundTrainer.MIN_ROUND_TIMEOUT_S, resident.roundDeadlineSeconds(), "after a short round");
            INDArray before = resident.network().params().dup();
            resident.roundTimeout(15);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> resident.fitRound(round));
            assertTrue(e.getMessage().contains("partition(s) [1] sent no result within 15 s")
                    && e.getMessage().contains(ResidentRoundTrainer.ROUND_TIMEOUT_PROPERTY), e.getMessage());
            assertEquals(before, resident.network().params(), "the driver's model is untouched");
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> resident.fitRound(round));
            assertTrue(again.getMessage().contains("close this trainer"), again.getMessage());
        } finally {
            long start = System.nanoTime();
            resident.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 30, "close() cancels a hung worker at once, took " + seconds + " s");
        }
        long waitUntil = System.nanoTime() + 20_000_000_000L;   // Spark interrupts the cancelled task asynchronously
        while (!HangOn.interrupted.get() && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        assertTrue(HangOn.interrupted.get(), "the hung task was interrupted");
        assertEquals(4, sc.parallelize(List.of(1, 2, 3, 4), 2).count(), "the context still runs jobs");
    }

    /** Minibatches loaded ahead on the workers' loader threads train the same model. */
    @Test
    void prefetchingChangesNothing() {
        StnModelConfig config = tiny(StnModelConfig.Optimizer.ADAM, 1e-2);
        RoundPlan plan = new RoundPlan(files, 2, 3, 12, 5);
        INDArray plain;
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), settings(true), 2)) {
            TrainingLoop.run(resident, plan, BATCH);
            plain = resident.network().params().dup();
        }
        AveragingSettings prefetching = new AveragingSettings(0, 1, true, 1, 2, false, true);
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc, StnModels.build(config), prefetching, 2)) {
            TrainingLoop.run(resident, plan, BATCH);
            assertEquals(plain, resident.network().params());
        }
    }

    @Test
    void tooFewTaskSlotsFailWithAClearMessage() {
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc,
                StnModels.build(tiny(StnModelConfig.Optimizer.ADAM, 1e-2)), settings(true), 3).connectTimeout(5)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> resident.fitRound(files.subList(0, 3)));
            assertTrue(e.getMessage().contains("only 2 of 3 worker tasks connected within 5 s"), e.getMessage());
        }
        // the slots are free again: an ordinary job runs
        assertEquals(4, sc.parallelize(List.of(1, 2, 3, 4), 2).count());
    }

    @Test
    void aBatchSourceThatCannotTravelFailsAtOnceAndClosesCleanly() {
        try (ResidentRoundTrainer resident = new ResidentRoundTrainer(sc,
                StnModels.build(tiny(StnModelConfig.Optimizer.ADAM, 1e-2)), settings(true), 1, new Unserializable())) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> resident.fitRound(files.subList(0, 1)));
            assertTrue(String.valueOf(e.getMessage()).contains("not serializable"), e.getMessage());
        }
        assertEquals(4, sc.parallelize(List.of(1, 2, 3, 4), 2).count(), "the context still runs jobs");
    }

    /** A batch source holding something Java serialisation cannot write. */
    static final class Unserializable implements BatchSource {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object lock = new Object();

        @Override
        public DataSet load(String ref, Configuration hadoop) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DataSet load(Source source) {
            throw new UnsupportedOperationException();
        }
    }

    /** Minibatch files, except that loading {@code victim} first does {@link #onVictim}. */
    abstract static class Victim implements BatchSource {
        private static final long serialVersionUID = 1L;
        private final String victim;
        private final FileBatches files = new FileBatches();

        Victim(String victim) {
            this.victim = victim;
        }

        abstract void onVictim(String ref);

        @Override
        public DataSet load(String ref, Configuration hadoop) {
            if (ref.equals(victim)) {
                onVictim(ref);
            }
            return files.load(ref, hadoop);
        }

        @Override
        public DataSet load(Source source) throws IOException {
            return files.load(source);
        }
    }

    /** Loading the victim throws the first time (in this JVM). */
    static final class FailOnce extends Victim {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger failures = new AtomicInteger();

        FailOnce(String victim) {
            super(victim);
        }

        @Override
        void onVictim(String ref) {
            if (failures.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure loading " + ref);
            }
        }
    }

    /** Loading the victim sleeps for two minutes (a hung worker); notes when it is interrupted (in this JVM). */
    static final class HangOn extends Victim {
        private static final long serialVersionUID = 1L;
        static final java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();

        HangOn(String victim) {
            super(victim);
        }

        @Override
        void onVictim(String ref) {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while hanging on " + ref, e);
            }
        }
    }

    /** Resident workers' settings: optimiser state averaged or not, no prefetching. */
    private static AveragingSettings settings(boolean averageState) {
        return new AveragingSettings(0, 1, averageState, 1, 0, false, true);
    }

    private static StnModelConfig tiny(StnModelConfig.Optimizer optimizer, double lr) {
        return TinyStnRounds.tiny(optimizer, lr);
    }
}
