package io.attendspark.jobs.ntm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Settings of {@link EvaluateJob}.
 *
 * @param model     an NTM model directory (TrainJob output or a store version; any Hadoop FS URI), or empty
 * @param storeRoot a model store: evaluate {@code storeName}'s LATEST version instead
 * @param storeName the model's name in the store
 * @param episodes  episodes per generalisation set
 * @param batchSize episodes per forward pass
 * @param seed      seed of the episodes (differs from training and test seeds by default)
 * @param output    output directory (metrics and one picture per set), any Hadoop FS URI
 * @param overwrite replace a complete output
 */
public record EvaluateConfig(String model, String storeRoot, String storeName, int episodes, int batchSize, long seed,
        String output, boolean overwrite) {

    public EvaluateConfig {
        if (episodes <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("episodes and batchSize must be > 0 but were " + episodes + ", " + batchSize);
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output must be a directory path or URI but was empty");
        }
    }

    public static EvaluateConfig defaults(JsonNode raw) {
        return new EvaluateConfig("", "", "", 256, 16, 7_000_003L, "attend-output/evaluate", false);
    }
}
