package io.attendspark.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.attendspark.dataprep.variants.MnistVariant;
import io.attendspark.dataprep.variants.VariantConfig;
import io.attendspark.jobs.training.AveragingSettings;
import io.attendspark.models.stn.StnModelConfig;
import java.util.Locale;

/**
 * Settings of {@link TrainJob}.
 *
 * @param model          which model
 * @param stn            the STN classifier (model STN; its input size follows {@code data.variant.canvas})
 * @param data           the MNIST variant and its preparation (models STN and DRAW)
 * @param averaging      the parameter-averaging trade-offs
 * @param mode           Spark parameter averaging or the single-JVM reference loop
 * @param budgetExamples training examples to see (rounded down to whole averaging rounds)
 * @param pictures       test digits shown in the output picture
 * @param seed           seed of the round plan (model and data have their own)
 * @param output         output directory, any Hadoop FS URI (when the store is not used)
 * @param overwrite      replace a complete output
 * @param store          the versioned model store to commit to instead of {@code output} (root empty = not used)
 * @param checkpointEvery write a checkpoint every this many rounds (0 = never); rerunning the same command
 *                       after a crash resumes from the newest one
 * @param warmStart      start from a committed model of the store: {@code latest}, a version number, or empty
 *                       (a fresh model); the new version records it as its parent
 * @param master         Spark master when not given by spark-submit
 */
public record TrainConfig(
        ModelKind model,
        StnModelConfig stn,
        TrainDataConfig data,
        AveragingSettings averaging,
        TrainMode mode,
        long budgetExamples,
        int pictures,
        long seed,
        String output,
        boolean overwrite,
        StoreConfig store,
        int checkpointEvery,
        String warmStart,
        String master) {

    public TrainConfig {
        if (model == null || averaging == null || mode == null) {
            throw new IllegalArgumentException("model, averaging and mode must all be set");
        }
        if (budgetExamples <= 0) {
            throw new IllegalArgumentException("budgetExamples must be > 0 but was " + budgetExamples);
        }
        if (pictures < 0) {
            throw new IllegalArgumentException("pictures must be >= 0 but was " + pictures);
        }
        if (model == ModelKind.STN) {
            requireSections(model, "stn", stn, "data", data);
            int canvas = data.variant().canvas();
            if (stn.height() != canvas || stn.width() != canvas || stn.channels() != 1) {
                throw new IllegalArgumentException("stn input must match the data: " + canvas + "x" + canvas + "x1 (data.variant.canvas)"
                        + " but was " + stn.height() + "x" + stn.width() + "x" + stn.channels());
            }
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output must be a directory path or URI but was empty");
        }
        if (store == null) {
            throw new IllegalArgumentException("store must be set (store.root empty = write output)");
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be >= 0 but was " + checkpointEvery);
        }
        warmStart = warmStart == null ? "" : warmStart.trim();
        if (!warmStart.isEmpty() && !warmStart.equals("latest") && !warmStart.matches("[0-9]+")) {
            throw new IllegalArgumentException("warmStart must be 'latest', a version number or empty but was '" + warmStart + "'");
        }
        if (!warmStart.isEmpty() && !store.enabled()) {
            throw new IllegalArgumentException("warmStart needs the model store: set store.root (and store.name)");
        }
    }

    private static void requireSections(ModelKind model, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                throw new IllegalArgumentException("model " + model + " needs the '" + namesAndValues[i] + "' section");
            }
        }
    }

    /** Defaults for the MNIST variant named in {@code raw} (data.variant.variant), which may be empty. */
    public static TrainConfig defaults(JsonNode raw) {
        MnistVariant variant = MnistVariant.valueOf(raw.path("data").path("variant").path("variant")
                .asText("RTS").toUpperCase(Locale.ROOT));
        VariantConfig variantConfig = VariantConfig.defaults(variant);
        int canvas = raw.path("data").path("variant").path("canvas").asInt(variantConfig.canvas());
        String name = variant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new TrainConfig(ModelKind.STN,
                StnModelConfig.defaults().withSize(canvas, canvas),
                new TrainDataConfig(variantConfig, "", 64, 0, 0, 1L, "attend-output/data"),
                AveragingSettings.defaults(),
                TrainMode.SPARK,
                60_000,
                32,
                1L,
                "attend-output/train/stn-" + name,
                false,
                StoreConfig.none("stn-" + name),
                0,
                "",
                "local[*]");
    }
}
