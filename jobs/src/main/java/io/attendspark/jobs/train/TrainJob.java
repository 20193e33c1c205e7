package io.attendspark.jobs.train;

import io.attendspark.jobs.config.ConfigLoader;
import io.attendspark.jobs.config.JobArgs;
import io.attendspark.jobs.io.ModelOutput;
import io.attendspark.jobs.io.Json;
import io.attendspark.jobs.spark.SparkContexts;
import io.attendspark.jobs.training.Checkpoints;
import io.attendspark.jobs.training.LocalRoundTrainer;
import io.attendspark.jobs.training.RoundListener;
import io.attendspark.jobs.training.RoundMetrics;
import io.attendspark.jobs.training.RoundPlan;
import io.attendspark.jobs.training.RoundTrainer;
import io.attendspark.jobs.training.SparkRoundTrainer;
import io.attendspark.jobs.training.TrainingLoop;
import io.attendspark.jobs.training.resident.ResidentRoundTrainer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model on a sharded dataset with synchronous parameter averaging, evaluates it on the
 * test set and writes {@code model.zip} (DL4J {@code ModelSerializer}, updater state included),
 * {@code config.yaml}, {@code metrics.json} and the model's pictures to the output directory
 * (any Hadoop FS URI), {@code _SUCCESS} last.
 *
 * <pre>TrainJob --config conf/train-stcnn-rts.yaml [--set key=value ...]</pre>
 */
public final class TrainJob {
    private static final Logger log = LoggerFactory.getLogger(TrainJob.class);
    static final String USAGE = "Usage: TrainJob --config conf/train-<model>-<data>.yaml [--set key=value ...] [--warm-start latest|<version>]";
    public static final String MODEL_FILE = "model.zip";
    public static final String METRICS_FILE = "metrics.json";

    /** What a run produced. */
    public record Result(Path output, TrainMetrics metrics, String summary) {
    }

    private TrainJob() {
    }

    public static void main(String[] args) {
        try {
            Result result = run(args);
            TrainMetrics m = result.metrics();
            System.out.printf("Trained %s on %d examples in %.0f s (%.0f examples/s); %s; output: %s%n",
                    m.architecture(), m.trainExamplesSeen(), m.wallSeconds(), m.examplesPerSecond(), result.summary(),
                    result.output());
        } catch (IllegalArgumentException e) {
            System.err.println("TrainJob: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the job in this JVM (its own Spark context, stopped at the end). */
    public static Result run(String[] args) {
        JobArgs cli = JobArgs.parse(warmStartAsSet(args), USAGE);
        TrainConfig config = ConfigLoader.load(cli.config(), cli.overrides(), TrainConfig.class, TrainConfig::defaults);
        log.info("TrainJob config{}:\n{}", cli.config() == null ? "" : " (" + cli.config() + ")", ConfigLoader.toYaml(config));
        try (JavaSparkContext sc = SparkContexts.start("attend-spark train " + config.model(), config.master())) {
            return run(sc, config);
        }
    }

    /** {@code --warm-start X} is short for {@code --set warmStart=X}. */
    private static String[] warmStartAsSet(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--warm-start") && i + 1 < args.length) {
                out.add("--set");
                out.add("warmStart=" + args[++i]);
            } else {
                out.add(args[i]);
            }
        }
        return out.toArray(new String[0]);
    }

    /** Runs the job on an existing Spark context. */
    public static Result run(JavaSparkContext sc, TrainConfig config) {
        ModelTraining recipe = config.model().training(config);
        ModelDestination destination = ModelDestination.open(config, sc);
        try (destination) {
            TrainingData train = recipe.trainData(sc);
            TrainingData test = recipe.testData(sc);
            Checkpoints checkpoints = config.checkpointEvery() > 0
                    ? new Checkpoints(destination.checkpointDir(), sc.hadoopConfiguration(), fingerprint(config)) : null;
            Optional<Checkpoints.Resume> resume = checkpoints == null ? Optional.empty() : checkpoints.latest();
            ComputationGraph graph = resume.map(Checkpoints.Resume::network)
                    .orElseGet(() -> destination.warmStartModel().orElseGet(recipe::build));
            int batch = train.batchSize();
            boolean spark = config.mode() == TrainMode.SPARK;
            int workers = spark ? config.averaging().resolveWorkers(sc.defaultParallelism()) : 1;
            RoundPlan plan = new RoundPlan(train.fullBatches(), workers, config.averaging().averagingFrequency(),
                    config.budgetExamples() / batch, config.seed());
            List<RoundMetrics> done = resume.map(r -> r.state().curve()).orElse(List.of());
            log.info("Training {} ({} parameters) {} on {} examples: {} rounds of {} workers x {} minibatches of {} ({} epochs){}",
                    recipe.architecture(), graph.numParams(), spark ? "with Spark parameter averaging" : "in a single JVM",
                    train.examples(), plan.rounds(), workers, config.averaging().averagingFrequency(), batch,
                    String.format("%.2f", plan.epochs()), done.isEmpty() ? "" : "; resuming after round " + done.size());

            RoundTrainer trainer = !spark ? new LocalRoundTrainer(graph, sc.hadoopConfiguration(), train.source())
                    : config.averaging().residentWorkers()
                    ? new ResidentRoundTrainer(sc, graph, config.averaging(), workers, train.source())
                    : new SparkRoundTrainer(sc, graph, config.averaging(), workers, batch, train.source());
            List<RoundMetrics> sofar = new ArrayList<>(done);
            RoundListener checkpoint = (round, network) -> {
                sofar.add(round);
                if (checkpoints != null && round.round() % config.checkpointEvery() == 0 && round.round() < round.rounds()) {
                    checkpoints.save(network, sofar);
                }
            };
            List<RoundMetrics> curve;
            try (trainer) {
                curve = TrainingLoop.run(trainer, plan, batch, recipe::afterRound, checkpoint, done);
            }
            ComputationGraph trained = trainer.network();
            Map<String, Object> testMetrics = recipe.evaluate(sc, trainer, test, workers);

            RoundMetrics last = curve.get(curve.size() - 1);
            TrainMetrics metrics = new TrainMetrics(config.model().name(), recipe.architecture(), trained.numParams(),
                    config.mode().name(), workers, config.averaging().averagingFrequency(), batch, plan.rounds(), plan.epochs(),
                    last.examples(), last.elapsedSeconds(), last.examplesPerSecond(), train.identity(), test.identity(),
                    sc.sc().applicationId(), Instant.now().toString(), testMetrics, curve);

            ModelOutput out = destination.begin(train.identity());
            try (OutputStream zip = out.create(MODEL_FILE)) {
                ModelSerializer.writeModel(trained, zip, true);
            }
            out.writeText("config.yaml", ConfigLoader.toYaml(config));
            out.writeText(METRICS_FILE, Json.pretty(metrics));
            List<String> pictures = recipe.writePictures(out, trained, test, sc);
            String committed = destination.commit();
            if (checkpoints != null) {
                checkpoints.clear();
            }
            log.info("Model, config, metrics{} written to {}", pictures.isEmpty() ? "" : " and " + String.join(", ", pictures),
                    committed);
            return new Result(new Path(committed), metrics, recipe.summary(testMetrics));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What identifies a run for its checkpoints: the resolved config without where it runs. */
    static String fingerprint(TrainConfig config) {
        var tree = Json.tree(config);
        tree.remove(List.of("master", "overwrite"));
        return io.attendspark.dataprep.shards.DataSetBytes.sha256(tree.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 16);
    }
}
