package io.attendspark.jobs.examples;

import io.attendspark.store.ModelStore;
import io.attendspark.store.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The README's example of a downstream JVM job (no Spark needed): load the newest committed model
 * from the store and use it. Compiled and run by {@code TrainJobStoreSparkTest}.
 */
public final class DownstreamLoad {
    private DownstreamLoad() {
    }

    // --- README example start
    /** Class probabilities for {@code images} [n, 1, H, W] from the LATEST version of {@code name}. */
    public static INDArray predictWithLatest(URI storeRoot, String name, INDArray images) throws IOException {
        ModelStore store = ModelStore.open(storeRoot, new Configuration());   // e.g. hdfs:///models
        ModelVersion latest = store.latest(name);        // refuses incomplete or unknown-format versions
        System.out.println("using " + name + " v" + latest.number() + " trained at " + latest.provenance().createdUtc());
        try (InputStream zip = latest.open("model.zip")) {
            ComputationGraph model = ModelSerializer.restoreComputationGraph(zip, false);  // false: no updater needed
            return model.outputSingle(images);
        }
    }
    // --- README example end
}
