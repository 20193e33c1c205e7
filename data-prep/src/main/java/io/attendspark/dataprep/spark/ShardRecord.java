package io.attendspark.dataprep.spark;

import java.io.Serializable;

/** What was written for one shard: its file (relative to the dataset directory), size and SHA-256. */
public record ShardRecord(int shard, String file, int examples, long bytes, String sha256) implements Serializable {

    /** File name of shard {@code shard}. */
    public static String fileName(int shard) {
        return String.format("shard-%06d.bin", shard);
    }
}
