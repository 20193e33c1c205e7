package io.attendspark.jobs.train;

import io.attendspark.jobs.training.BatchSource;
import java.util.List;

/**
 * One split as the training loop sees it: minibatch references and where they come from.
 *
 * @param batches        every minibatch of the split (for evaluation)
 * @param fullBatches    the minibatches holding exactly {@code batchSize} examples (for training)
 * @param source         turns a reference into a DataSet (files or a generator)
 * @param batchSize      examples per full minibatch
 * @param examples       examples in all minibatches
 * @param identity       what identifies the data in the metrics (manifest SHA-256 or the generator's settings)
 */
public record TrainingData(List<String> batches, List<String> fullBatches, BatchSource source, int batchSize, long examples,
        String identity) {

    public TrainingData {
        batches = List.copyOf(batches);
        fullBatches = List.copyOf(fullBatches);
        if (fullBatches.isEmpty()) {
            throw new IllegalArgumentException("data must hold at least one full minibatch of " + batchSize + " but held none");
        }
    }

    /** Prepared minibatch files. */
    public static TrainingData of(PreparedData prepared) {
        return new TrainingData(prepared.files(), prepared.fullFiles(), new io.attendspark.jobs.training.FileBatches(),
                prepared.batchSize(), prepared.examples(), prepared.manifestSha256());
    }
}
