package io.attendspark.jobs.prep;

import io.attendspark.dataprep.mnist.MnistData;
import io.attendspark.dataprep.mnist.MnistFetcher;
import io.attendspark.dataprep.mnist.MnistReader;
import io.attendspark.dataprep.shards.ShardPlan;
import io.attendspark.dataprep.shards.TaskSource;
import io.attendspark.dataprep.spark.ShardGeneration;
import io.attendspark.dataprep.spark.ShardRecord;
import io.attendspark.dataprep.spark.SourceFactory;
import io.attendspark.dataprep.spark.VariantSourceFactory;
import io.attendspark.dataprep.variants.VariantGenerator;
import io.attendspark.jobs.config.ConfigLoader;
import io.attendspark.jobs.config.JobArgs;
import io.attendspark.jobs.io.AtomicOutput;
import io.attendspark.jobs.io.Json;
import io.attendspark.jobs.spark.Progress;
import io.attendspark.jobs.spark.SparkContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a dataset's shards to any Hadoop FS path: one DL4J {@code DataSet} file per shard
 * (the format DL4J's Spark training loads), {@code manifest.json}, optionally {@code preview.png},
 * and {@code _SUCCESS} last. See {@link PrepConfig} for the settings.
 *
 * <pre>PrepJob --config conf/prep-mnist-rts.yaml [--set key=value ...] [--preview]</pre>
 */
public final class PrepJob {
    private static final Logger log = LoggerFactory.getLogger(PrepJob.class);
    static final String USAGE = "Usage: PrepJob --config conf/prep-<dataset>.yaml [--set key=value ...] [--preview]";

    /** What a run produced. */
    public record Result(Path output, long examples, int shards, double seconds) {
        public double examplesPerSecond() {
            return examples / seconds;
        }
    }

    private PrepJob() {
    }

    public static void main(String[] args) {
        try {
            Result result = run(args);
            System.out.printf("Prepared %d examples in %d shards (%.0f examples/s); output: %s%n",
                    result.examples(), result.shards(), result.examplesPerSecond(), result.output());
        } catch (IllegalArgumentException e) {
            System.err.println("PrepJob: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the job in this JVM (its own Spark context, stopped at the end). */
    public static Result run(String[] args) {
        JobArgs cli = JobArgs.parse(args, USAGE, "preview");
        PrepConfig config = ConfigLoader.load(cli.config(), cli.overrides(), PrepConfig.class, PrepConfig::defaults);
        log.info("PrepJob config{}:\n{}", cli.config() == null ? "" : " (" + cli.config() + ")", ConfigLoader.toYaml(config));
        try (JavaSparkContext sc = SparkContexts.start("attend-spark prep " + config.dataset(), config.master())) {
            return run(sc, config, cli.has("preview"));
        }
    }

    /** Runs the job on an existing Spark context. */
    public static Result run(JavaSparkContext sc, PrepConfig config, boolean preview) {
        var hadoop = sc.hadoopConfiguration();
        try (AtomicOutput out = AtomicOutput.begin(config.output(), hadoop, config.overwrite(), sc.sc().applicationId())) {
            SourceFactory factory;
            long examples = config.examples();
            String datasetName;
            if (config.dataset().isTask()) {
                factory = SourceFactory.of(new TaskSource(config.task(), config.seed()));
                datasetName = config.task().name();
                if (preview) {
                    try (OutputStream png = out.create(PrepPreview.FILE)) {
                        PrepPreview.task(config.task(), config.seed(), png);
                    }
                }
            } else {
                MnistData base = MnistReader.read(mnistDirectory(config), config.split(), hadoop);
                examples = examples == 0 ? base.count() : examples;
                Broadcast<MnistData> broadcast = sc.broadcast(base);
                factory = new VariantSourceFactory(broadcast, config.variant(), config.seed());
                datasetName = "mnist-" + config.variant().variant().name().toLowerCase() + "-" + config.split().name().toLowerCase();
                if (preview) {
                    try (OutputStream png = out.create(PrepPreview.FILE)) {
                        PrepPreview.variant(new VariantGenerator(base, config.variant()), config.seed(), png);
                    }
                }
            }
            ShardPlan plan = new ShardPlan(examples, config.examplesPerShard(), config.seed(), config.shuffle());
            int partitions = config.partitions() > 0 ? config.partitions() : sc.defaultParallelism();
            log.info("Writing {} {} examples as {} shards of {} over {} partitions to {}", examples, datasetName,
                    plan.shardCount(), plan.examplesPerShard(), partitions, out.target());

            LongAccumulator done = sc.sc().longAccumulator("examples written");
            List<ShardRecord> shards;
            double seconds;
            try (Progress progress = new Progress(log, "prep", done, examples, Duration.ofSeconds(10))) {
                shards = ShardGeneration.write(sc, plan, factory, partitions, out.workDir().toString(), hadoop, done);
                seconds = progress.elapsedSeconds();
                log.info("prep: {}", progress.line());
            }
            checkComplete(plan, shards);

            DataSet first = factory.create().dataSet(plan.indices(0));
            PrepManifest manifest = new PrepManifest(PrepManifest.FORMAT_VERSION, datasetName, examples,
                    plan.examplesPerShard(), plan.shardCount(), config.seed(), first.getFeatures().shape(),
                    first.getLabels().shape(), sc.sc().applicationId(), Instant.now().toString(), config, shards);
            out.writeText(PrepManifest.FILE, Json.pretty(manifest));
            out.writeText("config.yaml", ConfigLoader.toYaml(config));
            Path committed = out.commit();
            log.info("Wrote {} examples in {} shards to {} ({} examples/s){}", examples, shards.size(), committed,
                    Math.round(examples / seconds), preview ? "; preview: " + new Path(committed, PrepPreview.FILE) : "");
            return new Result(committed, examples, shards.size(), seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI mnistDirectory(PrepConfig config) {
        if (config.mnist() != null && !config.mnist().isBlank()) {
            return URI.create(config.mnist());
        }
        return MnistFetcher.ensure(MnistFetcher.Options.defaults()).toUri();
    }

    private static void checkComplete(ShardPlan plan, List<ShardRecord> shards) {
        if (shards.size() != plan.shardCount()) {
            throw new IllegalStateException("Expected " + plan.shardCount() + " shards but " + shards.size() + " were written");
        }
        for (int k = 0; k < shards.size(); k++) {
            if (shards.get(k).shard() != k) {
                throw new IllegalStateException("Shard " + k + " is missing or duplicated in the written set");
            }
        }
    }
}
