package io.attendspark.jobs.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training state after a round, in one directory on any Hadoop FS: {@code round-<r>/} holds
 * {@code model.zip} (parameters, updater state and the iteration count, which is all the state a
 * round plan needs: the plan itself is a pure function of its seed) and {@code state.json} (rounds
 * done, the curve so far, the run's fingerprint). A checkpoint is written into a hidden folder and
 * renamed into place; older ones are deleted after. A checkpoint whose fingerprint differs from
 * the current run's (another config) is ignored, with a warning.
 */
public final class Checkpoints {
    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final String MODEL = "model.zip";
    static final String STATE = "state.json";
    private final FileSystem fs;
    private final Path dir;
    private final String fingerprint;

    /** What {@code state.json} holds. */
    public record State(String fingerprint, int roundsDone, List<RoundMetrics> curve) {
    }

    /** A checkpoint to resume from. */
    public record Resume(ComputationGraph network, State state) {
    }

    public Checkpoints(String dir, Configuration hadoop, String fingerprint) {
        try {
            Path path = new Path(dir);
            this.fs = path.getFileSystem(hadoop);
            this.dir = fs.makeQualified(path);
            this.fingerprint = fingerprint;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** The newest complete checkpoint of this run, if any. */
    public Optional<Resume> latest() {
        try {
            if (!fs.exists(dir)) {
                return Optional.empty();
            }
            Path newest = null;
            int newestRound = -1;
            for (var status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (status.isDirectory() && name.startsWith("round-") && fs.exists(new Path(status.getPath(), STATE))) {
                    int round = Integer.parseInt(name.substring("round-".length()));
                    if (round > newestRound) {
                        newestRound = round;
                        newest = status.getPath();
                    }
                }
            }
            if (newest == null) {
                return Optional.empty();
            }
            State state;
            try (InputStream in = fs.open(new Path(newest, STATE))) {
                state = JSON.readValue(in, State.class);
            }
            if (!fingerprint.equals(state.fingerprint())) {
                log.warn("Ignoring checkpoint {}: it belongs to another configuration (fingerprint {} but this run is {})",
                        newest, state.fingerprint(), fingerprint);
                return Optional.empty();
            }
            ComputationGraph network;
            try (InputStream in = fs.open(new Path(newest, MODEL))) {
                network = ModelSerializer.restoreComputationGraph(in, true);
            }
            log.info("Resuming from checkpoint {} ({} rounds done)", newest, state.roundsDone());
            return Optional.of(new Resume(network, state));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Checkpoint directory " + dir + " could not be read (" + e.getMessage()
                    + "); delete it to start the run from scratch", e);
        }
    }

    /** Writes the state after {@code curve.size()} rounds and deletes older checkpoints. */
    public void save(ComputationGraph network, List<RoundMetrics> curve) {
        int round = curve.size();
        Path target = new Path(dir, "round-" + round);
        Path work = new Path(dir, ".round-" + round + ".tmp");
        try {
            fs.delete(work, true);
            fs.mkdirs(work);
            try (OutputStream out = fs.create(new Path(work, MODEL), true)) {
                ModelSerializer.writeModel(network, out, true);
            }
            try (OutputStream out = fs.create(new Path(work, STATE), true)) {
                out.write(JSON.writeValueAsString(new State(fingerprint, round, curve)).getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(target, true);
            if (!fs.rename(work, target)) {
                throw new IOException("rename " + work + " -> " + target + " failed");
            }
            for (var status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (name.startsWith("round-") && !name.equals(target.getName())) {
                    fs.delete(status.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every checkpoint (after the final model is committed). */
    public void clear() {
        try {
            fs.delete(dir, true);
        } catch (IOException e) {
            log.warn("Could not delete checkpoint directory {}: {}", dir, e.getMessage());
        }
    }
}
