package io.attendspark.jobs.train;

import io.attendspark.jobs.io.ModelOutput;
import io.attendspark.jobs.training.RoundTrainer;
import java.io.IOException;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What {@link TrainJob} needs to know about one kind of model: how to build it, which data it
 * trains and is tested on, how it is evaluated and which pictures go beside it. The job itself
 * (rounds, averaging, output directory) knows nothing model-specific.
 */
public interface ModelTraining {

    /** A short name for logs and metrics, e.g. {@code ST_CNN} or {@code NTM-copy}. */
    String architecture();

    /** A freshly initialised model. */
    ComputationGraph build();

    /** The training split (prepared on first use when it comes from files). */
    TrainingData trainData(JavaSparkContext sc);

    /** The test split. */
    TrainingData testData(JavaSparkContext sc);

    /** Called after every averaging round (e.g. to measure a learning curve); the default does nothing. */
    default void afterRound(io.attendspark.jobs.training.RoundMetrics round, ComputationGraph network) {
    }

    /**
     * Test-set metrics of {@code trainer}'s current model, by name (numbers, arrays or matrices;
     * written to {@code metrics.json} under {@code test}). Logs what a person wants to read.
     */
    Map<String, Object> evaluate(JavaSparkContext sc, RoundTrainer trainer, TrainingData test, int workers);

    /** One line for the console about the test metrics, e.g. {@code test error 4.89 %}. */
    String summary(Map<String, Object> test);

    /** Pictures written beside the model (may write none); returns their file names. */
    java.util.List<String> writePictures(ModelOutput out, ComputationGraph trained, TrainingData test, JavaSparkContext sc)
            throws IOException;
}
