package io.attendspark.jobs.training;

import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Fails a worker's task as soon as a minibatch's loss is NaN or infinite, naming the partition and
 * the minibatch's position in it ({@link #MESSAGE}), so that the driver can name the file and no
 * averaged NaN parameters ever reach the driver's model or a checkpoint.
 */
final class FiniteLossHook implements TrainingHook {
    /** Message format; the driver parses partition and minibatch back out of it. */
    static final String MESSAGE = "non-finite training loss %s in partition %d, minibatch %d";
    static final java.util.regex.Pattern PARSE =
            java.util.regex.Pattern.compile("non-finite training loss (\\S+) in partition (\\d+), minibatch (\\d+)");
    private transient int minibatch;

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        check(model);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        check(model);
    }

    private void check(Model model) {
        double score = model.score();
        if (!Double.isFinite(score)) {
            TaskContext task = TaskContext.get();
            throw new IllegalStateException(String.format(MESSAGE, score, task == null ? -1 : task.partitionId(), minibatch));
        }
        minibatch++;
    }
}
