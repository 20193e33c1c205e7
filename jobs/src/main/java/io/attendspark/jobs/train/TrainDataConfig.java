package io.attendspark.jobs.train;

import io.attendspark.dataprep.variants.VariantConfig;

/**
 * The MNIST variant a classifier trains and is tested on; prepared once into {@code cache} as
 * shards (by the prep job's code) and reused by later runs with the same settings.
 *
 * @param variant       the distortion (and its canvas size)
 * @param mnist         directory/URI with the four IDX files; empty = download into the local cache
 * @param batchSize     examples per minibatch file = minibatch size per worker
 * @param trainExamples training examples to prepare; 0 = one per MNIST training image
 * @param testExamples  test examples to prepare; 0 = one per MNIST test image
 * @param seed          seed of the distortions and of the example order
 * @param cache         directory (any Hadoop FS URI) holding prepared datasets
 */
public record TrainDataConfig(VariantConfig variant, String mnist, int batchSize, long trainExamples, long testExamples,
        long seed, String cache) {

    public TrainDataConfig {
        if (variant == null) {
            throw new IllegalArgumentException("data.variant must be set");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("data.batchSize must be > 0 but was " + batchSize);
        }
        if (trainExamples < 0 || testExamples < 0) {
            throw new IllegalArgumentException("data.trainExamples and data.testExamples must be >= 0 but were "
                    + trainExamples + ", " + testExamples);
        }
        if (cache == null || cache.isBlank()) {
            throw new IllegalArgumentException("data.cache must be a directory path or URI but was empty");
        }
    }
}
