package io.attendspark.jobs.training;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * One averaging round per call through DL4J's {@link ParameterAveragingTrainingMaster}: the round's
 * files are spread over exactly {@code workers} partitions in plan order (no repartitioning, so
 * worker {@code w} fits the {@code w}-th run of files), DL4J broadcasts the parameters (and optimiser
 * state), each worker fits its minibatches, and the driver averages the results. An
 * {@link IterationCountHook} keeps the workers' iteration count global (DL4J drops it). Workers
 * reuse their networks from round to round ({@link ReusingTrainingWorker}).
 */
public final class SparkRoundTrainer implements RoundTrainer {
    private final JavaSparkContext sc;
    private final SparkComputationGraph sparkNet;
    private final int workers;
    private final IterationCountHook iterationCount = new IterationCountHook();

    private final BatchSource batches;
    private final ReusingTrainingMaster master;

    /** Trains on minibatch files. */
    public SparkRoundTrainer(JavaSparkContext sc, ComputationGraph network, AveragingSettings settings, int workers, int batchSize) {
        this(sc, network, settings, workers, batchSize, new FileBatches());
    }

    public SparkRoundTrainer(JavaSparkContext sc, ComputationGraph network, AveragingSettings settings, int workers, int batchSize,
            BatchSource batches) {
        this.sc = sc;
        this.batches = batches;
        this.workers = workers;
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(settings.averagingFrequency())
                .saveUpdater(settings.averageUpdaterState())
                .aggregationDepth(settings.aggregationDepth())
                .workerPrefetchNumBatches(settings.prefetchBatches())
                .repartionData(Repartition.Never)
                .collectTrainingStats(settings.collectStats())
                .trainingHooks(iterationCount, new FiniteLossHook());
        this.master = new ReusingTrainingMaster(builder);
        this.sparkNet = new SparkComputationGraph(sc, network, master);
        sparkNet.setCollectTrainingStats(settings.collectStats());
    }

    @Override
    public double fitRound(List<String> files) {
        if (files.size() % workers != 0) {
            throw new IllegalArgumentException("a round's " + files.size() + " files must split evenly over " + workers + " workers");
        }
        iterationCount.roundStart(sparkNet.getNetwork().getConfiguration().getIterationCount());
        JavaRDD<String> paths = sc.parallelize(files, workers);
        master.expectFiles(files.size());
        try {
            sparkNet.fitPaths(paths, batches);
        } catch (Exception e) {   // Spark throws its checked SparkException from Scala code
            throw nonFiniteLoss(e, files).orElseGet(() -> e instanceof RuntimeException r ? r
                    : new IllegalStateException("Training round failed: " + e.getMessage(), e));
        }
        return sparkNet.getScore();
    }

    /** A worker's non-finite loss (see {@link FiniteLossHook}) as an error naming the minibatch file. */
    private java.util.Optional<RuntimeException> nonFiniteLoss(Exception e, List<String> files) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            java.util.regex.Matcher m = FiniteLossHook.PARSE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                int partition = Integer.parseInt(m.group(2));
                int minibatch = Integer.parseInt(m.group(3));
                int perWorker = files.size() / workers;
                String file = partition >= 0 && minibatch < perWorker ? files.get(partition * perWorker + minibatch) : "?";
                return java.util.Optional.of(new IllegalStateException("Training loss " + m.group(1) + " on worker partition "
                        + partition + ", minibatch " + (minibatch + 1) + " of " + perWorker + " in this round (" + file
                        + "); the round is discarded, nothing is committed", e));
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public ComputationGraph network() {
        return sparkNet.getNetwork();
    }

    /** DL4J's timing breakdown of the rounds so far, when {@code collectStats} is on (else null). */
    public SparkTrainingStats stats() {
        return sparkNet.getSparkTrainingStats();
    }

    /** Where the workers' minibatches come from. */
    public BatchSource batches() {
        return batches;
    }

    public SparkComputationGraph sparkNetwork() {
        return sparkNet;
    }
}
