package io.attendspark.jobs.training;

/**
 * The synchronous parameter-averaging trade-offs in one place (PAPERS.md §4).
 *
 * @param workers              parallel workers (Spark partitions) per round; 0 = the context's default
 *                             parallelism. More workers see more data per round, but each average
 *                             mixes more diverged copies.
 * @param averagingFrequency   minibatches each worker fits between averages. Higher means fewer
 *                             broadcasts and aggregations (less sync time) but more divergence
 *                             between workers before they are averaged; 5–20 is the usual range.
 * @param averageUpdaterState  average the optimiser state (Adam moments, momentum) with the parameters
 *                             and carry it into the next round. Costs 2–3× the parameter bytes per
 *                             round; without it every round restarts the optimiser from zero.
 * @param aggregationDepth     depth of Spark's treeAggregate for the sum of parameters: deeper trees
 *                             take load off the driver when there are many workers, at one extra
 *                             stage each (a job per round only: resident workers send to the driver).
 * @param prefetchBatches      minibatches each worker loads ahead asynchronously (0 = none); trades
 *                             executor memory for hiding I/O.
 * @param collectStats         record DL4J's per-round timing (fit, broadcast, aggregate); small cost
 *                             (a job per round only: resident workers always time their rounds).
 * @param residentWorkers      run the workers as Spark tasks that stay up for the whole training and
 *                             exchange parameters with the driver over a socket each round, instead
 *                             of one Spark job per round (DL4J's parameter averaging). Same rounds,
 *                             same averages, less fixed cost per round; the job needs {@code workers}
 *                             task slots at once for as long as it trains, and all parameter traffic
 *                             goes through the driver (2 × (parameters + optimiser state) per worker
 *                             and round), so with dozens of workers the job per round may scale better.
 */
public record AveragingSettings(
        int workers,
        int averagingFrequency,
        boolean averageUpdaterState,
        int aggregationDepth,
        int prefetchBatches,
        boolean collectStats,
        boolean residentWorkers) {

    public AveragingSettings {
        if (workers < 0) {
            throw new IllegalArgumentException("averaging.workers must be >= 0 but was " + workers);
        }
        if (averagingFrequency <= 0) {
            throw new IllegalArgumentException("averaging.averagingFrequency must be > 0 but was " + averagingFrequency);
        }
        if (aggregationDepth <= 0) {
            throw new IllegalArgumentException("averaging.aggregationDepth must be > 0 but was " + aggregationDepth);
        }
        if (prefetchBatches < 0) {
            throw new IllegalArgumentException("averaging.prefetchBatches must be >= 0 but was " + prefetchBatches);
        }
    }

    public static AveragingSettings defaults() {
        return new AveragingSettings(0, 5, true, 2, 2, false, true);
    }

    /** The worker count to use on a context whose default parallelism is {@code defaultParallelism}. */
    public int resolveWorkers(int defaultParallelism) {
        return workers > 0 ? workers : Math.max(1, defaultParallelism);
    }
}
