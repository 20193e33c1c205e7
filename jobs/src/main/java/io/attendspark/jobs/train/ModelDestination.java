package io.attendspark.jobs.train;

import io.attendspark.jobs.io.AtomicOutput;
import io.attendspark.jobs.io.ModelOutput;
import io.attendspark.jobs.io.StoreOutput;
import io.attendspark.store.ModelStore;
import io.attendspark.store.ModelVersion;
import io.attendspark.store.Provenance;
import io.attendspark.store.VersionWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link TrainJob} puts its model: a plain output directory ({@link AtomicOutput}) or a new
 * version in the model store ({@code store.root}); and, beside it, the checkpoint directory and
 * the model a warm start begins from. Nothing becomes visible before {@link #commit()}.
 */
abstract class ModelDestination implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelDestination.class);

    static ModelDestination open(TrainConfig config, JavaSparkContext sc) {
        return config.store().enabled() ? new InStore(config, sc) : new InDirectory(config, sc);
    }

    /** Where checkpoints of this run go (any Hadoop FS URI). */
    abstract String checkpointDir();

    /** The committed model a warm start begins from (weights and updater state), if the config asks for one. */
    abstract Optional<ComputationGraph> warmStartModel();

    /** Starts writing the model's files. */
    abstract ModelOutput begin(String dataIdentity);

    /** Makes the files visible; returns where they are. */
    abstract String commit();

    @Override
    public abstract void close();

    /** The commit of the code, when the launch scripts know it ({@code -Dattend.git.commit} or {@code ATTEND_GIT_COMMIT}). */
    static String gitCommit() {
        String commit = System.getProperty("attend.git.commit", System.getenv("ATTEND_GIT_COMMIT"));
        return commit == null || commit.isBlank() ? null : commit.trim();
    }

    private static final class InDirectory extends ModelDestination {
        private final AtomicOutput out;

        InDirectory(TrainConfig config, JavaSparkContext sc) {
            out = AtomicOutput.begin(config.output(), sc.hadoopConfiguration(), config.overwrite(), sc.sc().applicationId());
        }

        @Override
        String checkpointDir() {
            Path target = out.target();
            return new Path(target.getParent(), "." + target.getName() + ".checkpoint").toString();
        }

        @Override
        Optional<ComputationGraph> warmStartModel() {
            return Optional.empty();
        }

        @Override
        ModelOutput begin(String dataIdentity) {
            return out;
        }

        @Override
        String commit() {
            return out.commit().toString();
        }

        @Override
        public void close() {
            out.close();
        }
    }

    private static final class InStore extends ModelDestination {
        private final TrainConfig config;
        private final JavaSparkContext sc;
        private final ModelStore store;
        private Integer parent;
        private VersionWriter writer;

        InStore(TrainConfig config, JavaSparkContext sc) {
            this.config = config;
            this.sc = sc;
            ModelStore opened = ModelStore.open(URI.create(config.store().root()), sc.hadoopConfiguration());
            this.store = config.store().keep() > 0 ? opened.withRetention(config.store().keep()) : opened;
        }

        @Override
        String checkpointDir() {
            return new Path(store.workDir(config.store().name()), "checkpoint").toString();
        }

        @Override
        Optional<ComputationGraph> warmStartModel() {
            String from = config.warmStart();
            if (from.isEmpty()) {
                return Optional.empty();
            }
            String name = config.store().name();
            ModelVersion version = from.equals("latest") ? store.latest(name) : store.version(name, Integer.parseInt(from));
            try (InputStream in = version.open(TrainJob.MODEL_FILE)) {
                ComputationGraph model = ModelSerializer.restoreComputationGraph(in, true);
                parent = version.number();
                log.info("Warm start from {} (version {}, {} iterations so far)", version.path(), version.number(),
                        model.getConfiguration().getIterationCount());
                return Optional.of(model);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not load " + TrainJob.MODEL_FILE + " of " + version + " for the warm start: "
                        + e.getMessage(), e);
            }
        }

        @Override
        ModelOutput begin(String dataIdentity) {
            writer = store.begin(config.store().name(), Provenance.of(gitCommit(), config.seed(), dataIdentity,
                    sc.sc().applicationId(), parent));
            return new StoreOutput(writer);
        }

        @Override
        String commit() {
            ModelVersion version = writer.commit();
            log.info("Committed {} version {}", config.store().name(), version.number());
            return version.path().toString();
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
