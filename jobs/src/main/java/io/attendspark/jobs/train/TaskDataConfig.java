package io.attendspark.jobs.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.attendspark.dataprep.tasks.AlgorithmicTask;
import io.attendspark.dataprep.tasks.AssociativeRecallTaskConfig;
import io.attendspark.dataprep.tasks.CopyTaskConfig;
import io.attendspark.dataprep.tasks.PrioritySortTaskConfig;
import io.attendspark.dataprep.tasks.RepeatCopyTaskConfig;
import io.attendspark.jobs.ntm.PlateauConfig;
import io.attendspark.jobs.prep.DatasetKind;

/**
 * The NTM task a model trains on, generated where it is used (no data files): training episodes
 * {@code 0, 1, 2, ...} under {@code seed}, as many as the budget asks for, each seen once; the
 * test set is {@code testEpisodes} episodes under another seed.
 *
 * @param task              COPY, REPEAT_COPY, ASSOCIATIVE_RECALL or PRIORITY_SORT
 * @param copy              the copy task's settings (when task = COPY), likewise the next three
 * @param batchSize         episodes per minibatch = minibatch size per worker
 * @param testEpisodes      episodes in the test set
 * @param validateEvery     measure the learning curve on the first 64 test episodes every this many
 *                          training sequences (0 = never)
 * @param seed              seed of the training episodes (the test set uses {@link #testSeed()})
 * @param plateau           what each validation may do to the learning rate and the parameters
 *                          (lower it on a plateau, roll back a relapse); absent = off
 */
public record TaskDataConfig(DatasetKind task, CopyTaskConfig copy, RepeatCopyTaskConfig repeatCopy,
        AssociativeRecallTaskConfig associativeRecall, PrioritySortTaskConfig prioritySort, int batchSize, int testEpisodes,
        long validateEvery, long seed, PlateauConfig plateau) {

    public TaskDataConfig {
        if (plateau == null) {
            plateau = PlateauConfig.off();
        }
        if (task == null || !task.isTask()) {
            throw new IllegalArgumentException("task.task must be one of COPY, REPEAT_COPY, ASSOCIATIVE_RECALL, PRIORITY_SORT but was " + task);
        }
        if (task.task(copy, repeatCopy, associativeRecall, prioritySort) == null) {
            throw new IllegalArgumentException("task " + task + " needs its settings section (e.g. task.copy for COPY)");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("task.batchSize must be > 0 but was " + batchSize);
        }
        if (validateEvery < 0) {
            throw new IllegalArgumentException("task.validateEvery must be >= 0 but was " + validateEvery);
        }
        if (testEpisodes <= 0) {
            throw new IllegalArgumentException("task.testEpisodes must be > 0 but was " + testEpisodes);
        }
    }

    /** The paper's training setting of {@code task}: batch 16, 1,024 test episodes, the curve every 1,000 sequences. */
    public static TaskDataConfig defaults(DatasetKind task) {
        return new TaskDataConfig(task,
                task == DatasetKind.COPY ? CopyTaskConfig.defaults() : null,
                task == DatasetKind.REPEAT_COPY ? RepeatCopyTaskConfig.defaults() : null,
                task == DatasetKind.ASSOCIATIVE_RECALL ? AssociativeRecallTaskConfig.defaults() : null,
                task == DatasetKind.PRIORITY_SORT ? PrioritySortTaskConfig.defaults() : null,
                16, 1024, 1000, 1L, PlateauConfig.off());
    }

    /** The configured task generator. */
    public AlgorithmicTask generator() {
        return task.task(copy, repeatCopy, associativeRecall, prioritySort);
    }

    /** Seed of the test episodes: disjoint from the training stream. */
    @JsonIgnore
    public long testSeed() {
        return seed + 1_000_003L;
    }
}
