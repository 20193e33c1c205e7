package io.attendspark.jobs.draw;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Settings of {@link SampleJob}.
 *
 * @param model     a DRAW model directory or its {@code model.zip} (any Hadoop FS URI: a TrainJob output or a
 *                  store version {@code <root>/<name>/v=<n>}); empty when {@code storeRoot} is used
 * @param storeRoot a model store (any Hadoop FS URI): sample from {@code storeName}'s LATEST version
 * @param storeName the model's name in the store
 * @param count     samples to draw
 * @param seed      seed of the latent noise (the same seed gives the same samples)
 * @param output    output directory (any Hadoop FS URI)
 * @param overwrite replace a complete output
 */
public record SampleConfig(String model, String storeRoot, String storeName, int count, long seed, String output,
        boolean overwrite) {

    public SampleConfig {
        model = model == null ? "" : model.trim();
        storeRoot = storeRoot == null ? "" : storeRoot.trim();
        if (count <= 0) {
            throw new IllegalArgumentException("count must be > 0 but was " + count);
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output must be a directory path or URI but was empty");
        }
    }

    public static SampleConfig defaults(JsonNode raw) {
        return new SampleConfig("", "", "", 64, 1L, "attend-output/samples", false);
    }
}
