package io.attendspark.jobs.training;

import io.attendspark.dataprep.shards.DataSetBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/** Single-JVM training on the same minibatch files in the same order: the reference the Spark trainer must equal. */
public final class LocalRoundTrainer implements RoundTrainer {
    private final ComputationGraph network;
    private final Configuration hadoop;

    public LocalRoundTrainer(ComputationGraph network, Configuration hadoop) {
        this.network = network;
        this.hadoop = hadoop;
    }

    /** Returns the loss of the round's last minibatch, as DL4J's workers report it. */
    @Override
    public double fitRound(List<String> files) {
        for (String file : files) {
            network.fit(load(file, hadoop));
        }
        return network.score();
    }

    @Override
    public ComputationGraph network() {
        return network;
    }

    /** Reads one minibatch file from any Hadoop FS URI. */
    public static DataSet load(String file, Configuration hadoop) {
        Path path = new Path(file);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return DataSetBytes.fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read minibatch file " + file + ": " + e.getMessage(), e);
        }
    }
}
