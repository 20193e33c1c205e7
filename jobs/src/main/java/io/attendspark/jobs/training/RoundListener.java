package io.attendspark.jobs.training;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** Called by the driver loop after each averaging round with the driver's current model. */
@FunctionalInterface
public interface RoundListener {
    void afterRound(RoundMetrics round, ComputationGraph network);
}
