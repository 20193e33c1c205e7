package io.attendspark.jobs.training;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Restores the global iteration count on each worker's copy of the network before its first
 * minibatch of a round. DL4J 1.0.0-M2's worker builds its network from
 * {@code ComputationGraphConfiguration.clone()}, which drops {@code iterationCount}, so every round
 * would restart Adam's bias correction at step 1 (an effective learning rate of roughly 0.2–0.3×
 * for averaging every 5 minibatches) and any schedule by iteration. The driver sets
 * {@link #roundStart} before each round; each task gets its own deserialised copy of this hook.
 */
final class IterationCountHook implements TrainingHook {
    private int roundStart;
    private transient boolean applied;

    void roundStart(int iteration) {
        this.roundStart = iteration;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        apply(model);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        apply(model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
    }

    private void apply(Model model) {
        if (!applied && model instanceof ComputationGraph graph) {
            graph.getConfiguration().setIterationCount(graph.getConfiguration().getIterationCount() + roundStart);
            applied = true;
        }
    }
}
