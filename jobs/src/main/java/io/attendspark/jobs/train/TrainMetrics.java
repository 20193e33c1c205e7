package io.attendspark.jobs.train;

import io.attendspark.jobs.training.RoundMetrics;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json} of a training run.
 *
 * @param model             STN, DRAW or NTM
 * @param architecture      the variant within the model kind (e.g. ST_CNN, NTM-copy)
 * @param trainExamplesSeen examples the model was trained on (over all workers)
 * @param wallSeconds       wall time of the training rounds (data preparation and evaluation excluded)
 * @param trainData         what identifies the training data (manifest SHA-256 or generator settings)
 * @param testData          likewise for the test data
 * @param test              the model's test metrics by name (see its {@link ModelTraining})
 * @param curve             one entry per averaging round
 */
public record TrainMetrics(
        String model,
        String architecture,
        long parameters,
        String mode,
        int workers,
        int averagingFrequency,
        int batchSize,
        int rounds,
        double epochs,
        long trainExamplesSeen,
        double wallSeconds,
        double examplesPerSecond,
        String trainData,
        String testData,
        String sparkAppId,
        String createdUtc,
        Map<String, Object> test,
        List<RoundMetrics> curve) {
}
