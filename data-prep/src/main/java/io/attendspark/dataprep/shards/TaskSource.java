package io.attendspark.dataprep.shards;

import io.attendspark.dataprep.tasks.AlgorithmicTask;
import io.attendspark.dataprep.tasks.EpisodeBatch;
import org.nd4j.linalg.dataset.DataSet;

/** Episodes of an algorithmic task as a masked time-series DataSet {@code [n, width, time]}. */
public record TaskSource(AlgorithmicTask task, long seed) implements ExampleSource {

    @Override
    public DataSet dataSet(long[] indices) {
        return EpisodeBatch.generate(task, seed, indices);
    }

    @Override
    public long size() {
        return Long.MAX_VALUE;
    }
}
