package io.attendspark.jobs.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attendspark.dataprep.mnist.MnistSplit;
import io.attendspark.dataprep.shards.DataSetBytes;
import io.attendspark.jobs.config.ConfigLoader;
import io.attendspark.jobs.io.AtomicOutput;
import io.attendspark.jobs.prep.DatasetKind;
import io.attendspark.jobs.prep.PrepConfig;
import io.attendspark.jobs.prep.PrepJob;
import io.attendspark.jobs.prep.PrepManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prepared split of an MNIST variant: its minibatch files and the SHA-256 of its manifest
 * (recorded in the model's metrics as the data's identity).
 *
 * @param directory      where the shards are
 * @param files          every minibatch file in shard order (for evaluation)
 * @param fullFiles      the files holding exactly {@code batchSize} examples (for training: a smaller
 *                       last shard is left out so every worker fits equal minibatches)
 * @param batchSize      examples per full file
 * @param examples       examples in all files
 * @param manifestSha256 SHA-256 of {@code manifest.json}
 */
public record PreparedData(String directory, List<String> files, List<String> fullFiles, int batchSize, long examples,
        String manifestSha256) {
    private static final Logger log = LoggerFactory.getLogger(PreparedData.class);

    /**
     * Returns the split prepared under {@code data.cache()}, preparing it first (with the prep job's
     * code, so with the same guarantees) unless a complete one with identical settings is there.
     */
    public static PreparedData ensure(JavaSparkContext sc, TrainDataConfig data, MnistSplit split) {
        PrepConfig prep = prepConfig(data, split, "");
        String key = DataSetBytes.sha256(ConfigLoader.toYaml(prep).getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        String name = data.variant().variant().name().toLowerCase(Locale.ROOT).replace('_', '-') + "-"
                + split.name().toLowerCase(Locale.ROOT) + "-" + key;
        Path dir = new Path(data.cache(), name);
        try {
            FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
            if (fs.exists(new Path(dir, AtomicOutput.SUCCESS))) {
                log.info("Using prepared {} data in {}", split, fs.makeQualified(dir));
            } else {
                log.info("Preparing {} data into {}", split, fs.makeQualified(dir));
                PrepJob.run(sc, prepConfig(data, split, dir.toString()), true);
            }
            return read(fs, fs.makeQualified(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    private static PreparedData read(FileSystem fs, Path dir) throws IOException {
        byte[] manifestBytes;
        try (InputStream in = fs.open(new Path(dir, PrepManifest.FILE))) {
            manifestBytes = in.readAllBytes();
        }
        PrepManifest manifest = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(manifestBytes, PrepManifest.class);
        if (!manifest.formatVersion().startsWith("1.")) {
            throw new IllegalArgumentException("Prepared data " + dir + ": expected manifest format 1.x but found " + manifest.formatVersion());
        }
        List<String> files = manifest.shards().stream().map(s -> new Path(dir, s.file()).toString()).toList();
        List<String> full = manifest.shards().stream()
                .filter(s -> s.examples() == manifest.examplesPerShard())
                .map(s -> new Path(dir, s.file()).toString())
                .toList();
        if (full.isEmpty()) {
            throw new IllegalArgumentException("Prepared data " + dir + " has no full minibatch of " + manifest.examplesPerShard());
        }
        return new PreparedData(dir.toString(), files, full, manifest.examplesPerShard(), manifest.examples(),
                DataSetBytes.sha256(manifestBytes));
    }

    private static PrepConfig prepConfig(TrainDataConfig data, MnistSplit split, String output) {
        long examples = split == MnistSplit.TRAIN ? data.trainExamples() : data.testExamples();
        return new PrepConfig(DatasetKind.MNIST, split, data.mnist(), data.variant(), null, null, null, null, examples,
                data.batchSize(), data.seed() + (split == MnistSplit.TEST ? 1_000_003L : 0L), split == MnistSplit.TRAIN,
                0, output.isEmpty() ? "-" : output, true, "local[*]");
    }
}
