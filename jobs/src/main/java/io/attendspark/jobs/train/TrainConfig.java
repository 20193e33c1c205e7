package io.attendspark.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.attendspark.dataprep.tasks.AlgorithmicTask;
import io.attendspark.dataprep.variants.MnistVariant;
import io.attendspark.dataprep.variants.VariantConfig;
import io.attendspark.jobs.prep.DatasetKind;
import io.attendspark.jobs.training.AveragingSettings;
import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.stn.StnModelConfig;
import java.util.Locale;

/**
 * Settings of {@link TrainJob}. Only the sections of the chosen {@code model} exist: STN has
 * {@code stn} and {@code data}, DRAW has {@code draw} and {@code data}, NTM has {@code ntm} and
 * {@code task}.
 *
 * @param model          which model: STN, DRAW or NTM
 * @param stn            the STN classifier (its input size follows {@code data.variant.canvas})
 * @param draw           the DRAW model (its image size follows {@code data.variant.canvas})
 * @param ntm            the Neural Turing Machine (its widths and unrolled length follow the task)
 * @param data           the MNIST variant and its preparation (STN, DRAW)
 * @param task           the NTM task, generated on the executors (NTM)
 * @param averaging      the parameter-averaging trade-offs
 * @param mode           Spark parameter averaging or the single-JVM reference loop
 * @param budgetExamples training examples to see (rounded down to whole averaging rounds)
 * @param pictures       examples shown in the output pictures (0 = no pictures)
 * @param seed           seed of the round plan and of the pictures (model and data have their own)
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
        DrawConfig draw,
        NtmConfig ntm,
        TrainDataConfig data,
        TaskDataConfig task,
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
        switch (model) {
            case STN -> {
                requireSections(model, "stn", stn, "data", data);
                int canvas = data.variant().canvas();
                if (stn.height() != canvas || stn.width() != canvas || stn.channels() != 1) {
                    throw new IllegalArgumentException("stn input must match the data: " + canvas + "x" + canvas
                            + "x1 (data.variant.canvas) but was " + stn.height() + "x" + stn.width() + "x" + stn.channels());
                }
            }
            case DRAW -> {
                requireSections(model, "draw", draw, "data", data);
                int canvas = data.variant().canvas();
                if (draw.height() != canvas || draw.width() != canvas) {
                    throw new IllegalArgumentException("draw image size must match the data: " + canvas + "x" + canvas
                            + " (data.variant.canvas) but was " + draw.height() + "x" + draw.width());
                }
            }
            case NTM -> {
                requireSections(model, "ntm", ntm, "task", task);
                AlgorithmicTask generator = task.generator();
                if (ntm.inputWidth() != generator.inputWidth() || ntm.outputWidth() != generator.outputWidth()) {
                    throw new IllegalArgumentException("ntm widths must match the task " + generator.name() + ": input "
                            + generator.inputWidth() + ", output " + generator.outputWidth() + " but were input "
                            + ntm.inputWidth() + ", output " + ntm.outputWidth());
                }
                if (ntm.steps() < generator.maxLength()) {
                    throw new IllegalArgumentException("ntm.steps must be >= the task's longest episode ("
                            + generator.maxLength() + ") but was " + ntm.steps());
                }
            }
        }
    }

    private static void requireSections(ModelKind model, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                throw new IllegalArgumentException("model " + model + " needs the '" + namesAndValues[i] + "' section");
            }
        }
    }

    /**
     * Defaults for the model named in {@code raw} (STN when absent) and its data: the MNIST variant
     * in {@code data.variant.variant} (STN: RTS, DRAW: BINARIZED_STOCHASTIC) or the task in
     * {@code task.task} (NTM: COPY). The NTM's widths and unrolled length follow the task's settings in {@code raw}.
     */
    public static TrainConfig defaults(JsonNode raw) {
        ModelKind model = ModelKind.valueOf(raw.path("model").asText("STN").toUpperCase(Locale.ROOT));
        if (model == ModelKind.NTM) {
            DatasetKind kind = DatasetKind.valueOf(raw.path("task").path("task").asText("COPY").toUpperCase(Locale.ROOT));
            TaskDataConfig task = io.attendspark.jobs.config.ConfigLoader.overlayOrDefaults(TaskDataConfig.defaults(kind),
                    raw.path("task"), TaskDataConfig.class);   // so that the NTM's widths follow the task's settings
            AlgorithmicTask generator = task.generator();
            NtmConfig ntm = NtmConfig.defaults().withWidths(generator.inputWidth(), generator.outputWidth())
                    .withSteps(generator.maxLength());
            return new TrainConfig(model, null, null, ntm, null, task, AveragingSettings.defaults(), TrainMode.SPARK,
                    64_000, 1, 1L, "attend-output/train/ntm-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    false, StoreConfig.none("ntm-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-')), 0, "", "local[*]");
        }
        MnistVariant fallback = model == ModelKind.DRAW ? MnistVariant.BINARIZED_STOCHASTIC : MnistVariant.RTS;
        MnistVariant variant = MnistVariant.valueOf(raw.path("data").path("variant").path("variant")
                .asText(fallback.name()).toUpperCase(Locale.ROOT));
        VariantConfig variantConfig = VariantConfig.defaults(variant);
        int canvas = raw.path("data").path("variant").path("canvas").asInt(variantConfig.canvas());
        String name = variant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        TrainDataConfig data = new TrainDataConfig(variantConfig, "", 64, 0, 0, 1L, "attend-output/data");
        if (model == ModelKind.DRAW) {
            return new TrainConfig(model, null, DrawConfig.defaults().withImage(canvas, canvas), null, data, null,
                    AveragingSettings.defaults(), TrainMode.SPARK, 60_000, 16, 1L, "attend-output/train/draw-" + name, false,
                    StoreConfig.none("draw-" + name), 0, "", "local[*]");
        }
        return new TrainConfig(model, StnModelConfig.defaults().withSize(canvas, canvas), null, null, data, null,
                AveragingSettings.defaults(), TrainMode.SPARK, 60_000, 32, 1L, "attend-output/train/stn-" + name, false,
                StoreConfig.none("stn-" + name), 0, "", "local[*]");
    }
}
