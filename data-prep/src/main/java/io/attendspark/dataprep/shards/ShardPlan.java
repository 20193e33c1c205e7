package io.attendspark.dataprep.shards;

import java.io.Serializable;
import io.attendspark.dataprep.Seeds;

/**
 * Assigns example indices {@code 0..examples-1} to shards of {@code examplesPerShard} examples
 * (the last shard may be smaller). The assignment depends only on the plan's fields — never on
 * how many executors or partitions produce the shards — so shard {@code k} is the same set of
 * examples, in the same order, wherever it is made.
 *
 * @param examples         number of examples in the dataset
 * @param examplesPerShard examples per shard; one shard is one DL4J {@code DataSet} file (one minibatch)
 * @param seed             seed of the permutation when {@code shuffle} is on
 * @param shuffle          whether example order is a seeded permutation (else shard k holds a contiguous range)
 */
public record ShardPlan(long examples, int examplesPerShard, long seed, boolean shuffle) implements Serializable {

    public ShardPlan {
        if (examples <= 0) {
            throw new IllegalArgumentException("shard plan examples must be > 0 but was " + examples);
        }
        if (examplesPerShard <= 0) {
            throw new IllegalArgumentException("shard plan examplesPerShard must be > 0 but was " + examplesPerShard);
        }
        if (shuffle && examples > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a shuffled shard plan holds at most " + (Integer.MAX_VALUE - 8)
                    + " examples but was asked for " + examples);
        }
        if ((examples + examplesPerShard - 1) / examplesPerShard > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shard plan has too many shards: " + examples + " / " + examplesPerShard);
        }
    }

    /** Number of shards, {@code ceil(examples / examplesPerShard)}. */
    public int shardCount() {
        return (int) ((examples + examplesPerShard - 1) / examplesPerShard);
    }

    /** Number of examples in shard {@code shard}. */
    public int examplesIn(int shard) {
        checkShard(shard);
        long start = (long) shard * examplesPerShard;
        return (int) Math.min(examplesPerShard, examples - start);
    }

    /** Example indices of shard {@code shard}, in the order they appear in it. */
    public long[] indices(int shard) {
        checkShard(shard);
        long start = (long) shard * examplesPerShard;
        long[] out = new long[examplesIn(shard)];
        int[] permutation = shuffle ? Seeds.permutation((int) examples, seed) : null;
        for (int i = 0; i < out.length; i++) {
            out[i] = shuffle ? permutation[(int) (start + i)] : start + i;
        }
        return out;
    }

    private void checkShard(int shard) {
        if (shard < 0 || shard >= shardCount()) {
            throw new IllegalArgumentException("shard must be in 0.." + (shardCount() - 1) + " but was " + shard);
        }
    }
}
