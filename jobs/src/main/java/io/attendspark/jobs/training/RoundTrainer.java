package io.attendspark.jobs.training;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Fits one averaging round: the worker side of the training loop, behind which Spark or a single JVM sits. */
public interface RoundTrainer extends AutoCloseable {

    /**
     * Trains on {@code files} (minibatch DataSet files, {@link RoundPlan#round worker by worker}) and
     * returns the training loss of each worker's last minibatch, averaged over workers (DL4J's score).
     */
    double fitRound(List<String> files);

    /** The driver's copy of the model, current after each round. */
    ComputationGraph network();

    /** Releases what the trainer holds between rounds (e.g. resident worker tasks); the driver's model stays usable. */
    @Override
    default void close() {
    }
}
