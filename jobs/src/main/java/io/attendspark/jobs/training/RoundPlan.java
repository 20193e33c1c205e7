package io.attendspark.jobs.training;

import java.util.ArrayList;
import java.util.List;
import io.attendspark.dataprep.Seeds;

/**
 * Which minibatch files each averaging round trains on. A round takes {@code workers ×
 * averagingFrequency} files; worker {@code w} gets the {@code w}-th run of {@code averagingFrequency}
 * consecutive files. Files are visited epoch by epoch, each epoch in its own seeded order, so the
 * plan is a pure function of (files, workers, frequency, seed) and a rerun sees the same batches.
 */
public final class RoundPlan {
    private final List<String> files;
    private final int workers;
    private final int averagingFrequency;
    private final int rounds;
    private final long seed;

    /**
     * @param files        minibatch files (one DataSet each), in shard order
     * @param budgetBatches minibatches to train on in total; rounded down to whole rounds (at least one)
     */
    public RoundPlan(List<String> files, int workers, int averagingFrequency, long budgetBatches, long seed) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a round plan needs at least one minibatch file");
        }
        if (workers <= 0 || averagingFrequency <= 0) {
            throw new IllegalArgumentException("workers and averagingFrequency must be > 0 but were " + workers + ", " + averagingFrequency);
        }
        this.files = List.copyOf(files);
        this.workers = workers;
        this.averagingFrequency = averagingFrequency;
        this.rounds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBatches / batchesPerRound()));
        this.seed = seed;
    }

    public int rounds() {
        return rounds;
    }

    public int workers() {
        return workers;
    }

    public int batchesPerRound() {
        return workers * averagingFrequency;
    }

    /** The files of round {@code round} (0-based), worker by worker. */
    public List<String> round(int round) {
        if (round < 0 || round >= rounds) {
            throw new IllegalArgumentException("round must be in 0.." + (rounds - 1) + " but was " + round);
        }
        List<String> out = new ArrayList<>(batchesPerRound());
        long start = (long) round * batchesPerRound();
        int[] order = null;
        long orderEpoch = -1;
        for (int i = 0; i < batchesPerRound(); i++) {
            long global = start + i;
            long epoch = global / files.size();
            if (epoch != orderEpoch) {
                order = epochOrder(epoch);
                orderEpoch = epoch;
            }
            out.add(files.get(order[(int) (global % files.size())]));
        }
        return out;
    }

    /** Epochs (passes over the files) the whole plan covers. */
    public double epochs() {
        return (double) rounds * batchesPerRound() / files.size();
    }

    private int[] epochOrder(long epoch) {
        return Seeds.permutation(files.size(), seed * 0x9E3779B97F4A7C15L + epoch);
    }
}
