package io.attendspark.jobs.training;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/** Single-JVM training on the same minibatch files in the same order: the reference the Spark trainer must equal. */
public final class LocalRoundTrainer implements RoundTrainer {
    private final ComputationGraph network;
    private final Configuration hadoop;
    private final BatchSource batches;

    public LocalRoundTrainer(ComputationGraph network, Configuration hadoop, BatchSource batches) {
        this.network = network;
        this.hadoop = hadoop;
        this.batches = batches;
    }

    /** Trains on minibatch files. */
    public LocalRoundTrainer(ComputationGraph network, Configuration hadoop) {
        this(network, hadoop, new FileBatches());
    }

    /** Returns the loss of the round's last minibatch, as DL4J's workers report it. */
    @Override
    public double fitRound(List<String> files) {
        for (String file : files) {
            network.fit(batches.load(file, hadoop));
            if (!Double.isFinite(network.score())) {
                throw new IllegalStateException("Training loss " + network.score() + " on minibatch " + file
                        + "; the round is discarded, nothing is committed");
            }
        }
        return network.score();
    }

    @Override
    public ComputationGraph network() {
        return network;
    }

    /** Reads one minibatch file from any Hadoop FS URI. */
    public static DataSet load(String file, Configuration hadoop) {
        return new FileBatches().load(file, hadoop);
    }
}
