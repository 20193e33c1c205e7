package io.attendspark.jobs.prep;

import com.fasterxml.jackson.databind.JsonNode;
import io.attendspark.dataprep.mnist.MnistSplit;
import io.attendspark.dataprep.tasks.AlgorithmicTask;
import io.attendspark.dataprep.tasks.AssociativeRecallTaskConfig;
import io.attendspark.dataprep.tasks.CopyTaskConfig;
import io.attendspark.dataprep.tasks.PrioritySortTaskConfig;
import io.attendspark.dataprep.tasks.RepeatCopyTaskConfig;
import io.attendspark.dataprep.variants.MnistVariant;
import io.attendspark.dataprep.variants.VariantConfig;
import java.util.Locale;

/**
 * Settings of {@link PrepJob}. Only the section of the chosen {@code dataset} is present
 * ({@code variant} for MNIST, {@code copy}, {@code repeatCopy}, ... for the tasks).
 *
 * @param dataset          what to make
 * @param split            MNIST split the variant is built from
 * @param mnist            directory or URI holding the four MNIST IDX files; empty = download into the local cache
 * @param examples         examples to write; 0 = one per base MNIST image (MNIST only)
 * @param examplesPerShard examples per shard file (= one DL4J DataSet, one minibatch)
 * @param seed             seed of every generator and of the shuffle
 * @param shuffle          shuffle example order across shards (seeded)
 * @param partitions       Spark partitions; 0 = the context's default parallelism
 * @param output           output directory, any Hadoop FS URI; relative paths resolve against the working directory
 * @param overwrite        replace an existing complete output
 * @param master           Spark master when not given by spark-submit
 */
public record PrepConfig(
        DatasetKind dataset,
        MnistSplit split,
        String mnist,
        VariantConfig variant,
        CopyTaskConfig copy,
        RepeatCopyTaskConfig repeatCopy,
        AssociativeRecallTaskConfig associativeRecall,
        PrioritySortTaskConfig prioritySort,
        long examples,
        int examplesPerShard,
        long seed,
        boolean shuffle,
        int partitions,
        String output,
        boolean overwrite,
        String master) {

    public PrepConfig {
        if (dataset == null) {
            throw new IllegalArgumentException("dataset must be one of MNIST, COPY, REPEAT_COPY, ASSOCIATIVE_RECALL, PRIORITY_SORT but was null");
        }
        if (examples < 0 || (dataset.isTask() && examples == 0)) {
            throw new IllegalArgumentException("examples must be > 0" + (dataset.isTask() ? "" : " (or 0 for the whole split)")
                    + " but was " + examples);
        }
        if (examplesPerShard <= 0) {
            throw new IllegalArgumentException("examplesPerShard must be > 0 but was " + examplesPerShard);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0 but was " + partitions);
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output must be a directory path or URI but was empty");
        }
        if (dataset == DatasetKind.MNIST && (variant == null || split == null)) {
            throw new IllegalArgumentException("dataset MNIST needs the 'variant' and 'split' settings");
        }
        if (dataset.isTask() && dataset.task(copy, repeatCopy, associativeRecall, prioritySort) == null) {
            throw new IllegalArgumentException("dataset " + dataset + " needs its task section");
        }
    }

    /** Defaults for the dataset (and MNIST variant) named in {@code raw}, which may be empty. */
    public static PrepConfig defaults(JsonNode raw) {
        DatasetKind kind = DatasetKind.valueOf(raw.path("dataset").asText("MNIST").toUpperCase(Locale.ROOT));
        MnistVariant variant = MnistVariant.valueOf(raw.path("variant").path("variant").asText("PLAIN").toUpperCase(Locale.ROOT));
        return defaults(kind, variant);
    }

    public static PrepConfig defaults(DatasetKind kind, MnistVariant variant) {
        boolean mnist = kind == DatasetKind.MNIST;
        String name = mnist ? "mnist-" + variant.name() : kind.name();
        return new PrepConfig(kind,
                mnist ? MnistSplit.TRAIN : null,
                mnist ? "" : null,
                mnist ? VariantConfig.defaults(variant) : null,
                kind == DatasetKind.COPY ? CopyTaskConfig.defaults() : null,
                kind == DatasetKind.REPEAT_COPY ? RepeatCopyTaskConfig.defaults() : null,
                kind == DatasetKind.ASSOCIATIVE_RECALL ? AssociativeRecallTaskConfig.defaults() : null,
                kind == DatasetKind.PRIORITY_SORT ? PrioritySortTaskConfig.defaults() : null,
                mnist ? 0 : 16_000,
                mnist ? 64 : 16,
                1L,
                true,
                0,
                "attend-output/prep/" + name.toLowerCase(Locale.ROOT).replace('_', '-'),
                false,
                "local[*]");
    }

    /** The configured algorithmic task (tasks only). */
    public AlgorithmicTask task() {
        if (!dataset.isTask()) {
            throw new IllegalStateException("dataset " + dataset + " is not an algorithmic task");
        }
        return dataset.task(copy, repeatCopy, associativeRecall, prioritySort);
    }

}
