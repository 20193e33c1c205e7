package io.attendspark.jobs.ntm;

import io.attendspark.dataprep.tasks.AlgorithmicTask;
import io.attendspark.dataprep.tasks.AssociativeRecallTask;
import io.attendspark.dataprep.tasks.AssociativeRecallTaskConfig;
import io.attendspark.dataprep.tasks.CopyTask;
import io.attendspark.dataprep.tasks.CopyTaskConfig;
import io.attendspark.dataprep.tasks.PrioritySortTask;
import io.attendspark.dataprep.tasks.RepeatCopyTask;
import io.attendspark.dataprep.tasks.RepeatCopyTaskConfig;
import io.attendspark.jobs.train.TaskDataConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The generalisation tests of Graves et al. 2014 (§4) for a model trained on {@code trained}:
 * copy at lengths 20, 30, 50, 100; associative recall with 6, 10 and 15 items; repeat copy at the
 * training range, twice the length and twice the repeats (normalised with the training statistics);
 * priority sort at its training setting. Each set is a task generator of fixed difficulty.
 */
final class GeneralisationSets {
    /** One set: a name for the report and the generator. */
    record Set(String name, AlgorithmicTask task) {
    }

    private GeneralisationSets() {
    }

    static List<Set> of(TaskDataConfig trained) {
        List<Set> sets = new ArrayList<>();
        switch (trained.task()) {
            case COPY -> {
                for (int length : new int[] {20, 30, 50, 100}) {
                    sets.add(new Set("copy-length-" + length, new CopyTask(new CopyTaskConfig(trained.copy().bits(), length, length))));
                }
            }
            case ASSOCIATIVE_RECALL -> {
                AssociativeRecallTaskConfig c = trained.associativeRecall();
                for (int items : new int[] {6, 10, 15}) {
                    sets.add(new Set("recall-items-" + items, new AssociativeRecallTask(
                            new AssociativeRecallTaskConfig(c.bits(), c.itemLength(), items, items))));
                }
            }
            case REPEAT_COPY -> {
                RepeatCopyTaskConfig c = trained.repeatCopy();
                sets.add(new Set("repeat-copy-training-range", new RepeatCopyTask(c)));
                sets.add(new Set("repeat-copy-length-x2", new RepeatCopyTask(new RepeatCopyTaskConfig(c.bits(), 2 * c.maxLength(),
                        2 * c.maxLength(), c.minRepeats(), c.maxRepeats(), c.repeatMean(), c.repeatStd()))));
                sets.add(new Set("repeat-copy-repeats-x2", new RepeatCopyTask(new RepeatCopyTaskConfig(c.bits(), c.minLength(),
                        c.maxLength(), 2 * c.maxRepeats(), 2 * c.maxRepeats(), c.repeatMean(), c.repeatStd()))));
            }
            case PRIORITY_SORT -> sets.add(new Set("priority-sort", new PrioritySortTask(trained.prioritySort())));
            case MNIST -> throw new IllegalArgumentException("an MNIST model has no NTM generalisation sets");
        }
        return sets;
    }
}
