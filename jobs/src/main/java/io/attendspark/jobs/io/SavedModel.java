package io.attendspark.jobs.io;

import io.attendspark.store.ModelStore;
import io.attendspark.store.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained model as downstream jobs find it: a complete model directory ({@code model.zip},
 * {@code config.yaml}, {@code _SUCCESS}; a TrainJob output or a store version) on any Hadoop FS,
 * or the LATEST version of a model in the store.
 *
 * @param location   where {@code model.zip} was read from
 * @param graph      the model (without optimiser state)
 * @param configYaml the training job's resolved config
 */
public record SavedModel(String location, ComputationGraph graph, String configYaml) {

    /** Opens {@code directory} (or its {@code model.zip}) when set, else the LATEST version of {@code storeName}. */
    public static SavedModel open(String directory, String storeRoot, String storeName, Configuration hadoop) {
        if ((directory == null || directory.isBlank()) == (storeRoot == null || storeRoot.isBlank())) {
            throw new IllegalArgumentException("set exactly one of model (a model directory or its model.zip) and storeRoot"
                    + " (with storeName) but got model='" + directory + "', storeRoot='" + storeRoot + "'");
        }
        try {
            if (directory != null && !directory.isBlank()) {
                Path dir = new Path(directory.endsWith("model.zip") ? directory.substring(0, directory.length() - 9)
                        : directory);
                FileSystem fs = dir.getFileSystem(hadoop);
                dir = fs.makeQualified(dir);
                if (!fs.exists(new Path(dir, AtomicOutput.SUCCESS))) {
                    throw new IllegalArgumentException("Model " + dir + " is not a complete model directory: expected "
                            + AtomicOutput.SUCCESS + " beside model.zip but found none");
                }
                try (InputStream zip = fs.open(new Path(dir, "model.zip")); InputStream yaml = fs.open(new Path(dir, "config.yaml"))) {
                    return new SavedModel(dir + "/model.zip", ModelSerializer.restoreComputationGraph(zip, false),
                            new String(yaml.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            if (storeName == null || storeName.isBlank()) {
                throw new IllegalArgumentException("storeName must be set with storeRoot");
            }
            ModelVersion latest = ModelStore.open(URI.create(storeRoot), hadoop).latest(storeName);
            try (InputStream zip = latest.open("model.zip"); InputStream yaml = latest.open("config.yaml")) {
                return new SavedModel(latest.path() + "/model.zip", ModelSerializer.restoreComputationGraph(zip, false),
                        new String(yaml.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load the model " + (directory == null || directory.isBlank()
                    ? storeRoot + " " + storeName : directory) + ": " + e.getMessage(), e);
        }
    }
}
