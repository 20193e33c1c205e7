package io.attendspark.jobs.train;

import io.attendspark.jobs.training.RoundMetrics;
import java.util.List;

/**
 * {@code metrics.json} of a training run.
 *
 * @param trainExamplesSeen examples the model was trained on (over all workers)
 * @param wallSeconds       wall time of the training rounds (data preparation and evaluation excluded)
 * @param confusion         test confusion matrix, {@code confusion[actual][predicted]}
 * @param trainDataSha256   SHA-256 of the training data's manifest
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
        long testExamples,
        double testAccuracy,
        double testError,
        double[] perClassAccuracy,
        int[][] confusion,
        String trainDataSha256,
        String testDataSha256,
        String sparkAppId,
        String createdUtc,
        List<RoundMetrics> curve) {
}
