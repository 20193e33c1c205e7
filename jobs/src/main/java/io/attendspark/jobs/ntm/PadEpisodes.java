package io.attendspark.jobs.ntm;

import io.attendspark.dataprep.tasks.EpisodeBatch;
import io.attendspark.jobs.training.GeneratedBatches;
import org.nd4j.linalg.dataset.DataSet;

/** Pads generated episode batches to the model's unrolled length (a serializable step run on executors). */
record PadEpisodes(int steps) implements GeneratedBatches.Finisher {
    @Override
    public DataSet apply(DataSet batch) {
        return EpisodeBatch.padTime(batch, steps);
    }
}
