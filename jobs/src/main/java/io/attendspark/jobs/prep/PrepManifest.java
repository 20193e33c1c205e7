package io.attendspark.jobs.prep;

import io.attendspark.dataprep.spark.ShardRecord;
import java.util.List;

/**
 * {@code manifest.json} of a prepared dataset: what was made, from which config and seed, and
 * the SHA-256 of every shard file, so a reader can verify what it loads.
 *
 * @param formatVersion    major.minor of this layout; readers refuse an unknown major version
 * @param dataset          dataset kind, plus the MNIST variant where there is one
 * @param examples         total examples over all shards
 * @param examplesPerShard examples per shard file (the last may hold fewer)
 * @param featuresShape    shape of one shard's features, e.g. {@code [64, 1, 42, 42]} or {@code [16, 9, 41]} (time padded per shard)
 * @param labelsShape      shape of one full shard's labels
 * @param config           the resolved prep config (generator settings, seed, shuffle)
 */
public record PrepManifest(
        String formatVersion,
        String dataset,
        long examples,
        int examplesPerShard,
        int shardCount,
        long seed,
        long[] featuresShape,
        long[] labelsShape,
        String sparkAppId,
        String createdUtc,
        PrepConfig config,
        List<ShardRecord> shards) {
    public static final String FORMAT_VERSION = "1.0";
    public static final String FILE = "manifest.json";
}
