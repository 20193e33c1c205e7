package io.attendspark.jobs.prep;

import io.attendspark.dataprep.tasks.AlgorithmicTask;
import io.attendspark.dataprep.tasks.AssociativeRecallTask;
import io.attendspark.dataprep.tasks.AssociativeRecallTaskConfig;
import io.attendspark.dataprep.tasks.CopyTask;
import io.attendspark.dataprep.tasks.CopyTaskConfig;
import io.attendspark.dataprep.tasks.PrioritySortTask;
import io.attendspark.dataprep.tasks.PrioritySortTaskConfig;
import io.attendspark.dataprep.tasks.RepeatCopyTask;
import io.attendspark.dataprep.tasks.RepeatCopyTaskConfig;

/** What a prep job makes: an MNIST variant (see {@code variant.variant}) or one of the NTM tasks. */
public enum DatasetKind {
    MNIST,
    COPY,
    REPEAT_COPY,
    ASSOCIATIVE_RECALL,
    PRIORITY_SORT;

    public boolean isTask() {
        return this != MNIST;
    }

    /** This kind's task from its config section (the other sections are ignored); null for MNIST or a missing section. */
    public AlgorithmicTask task(CopyTaskConfig copy, RepeatCopyTaskConfig repeatCopy, AssociativeRecallTaskConfig recall,
            PrioritySortTaskConfig sort) {
        return switch (this) {
            case COPY -> copy == null ? null : new CopyTask(copy);
            case REPEAT_COPY -> repeatCopy == null ? null : new RepeatCopyTask(repeatCopy);
            case ASSOCIATIVE_RECALL -> recall == null ? null : new AssociativeRecallTask(recall);
            case PRIORITY_SORT -> sort == null ? null : new PrioritySortTask(sort);
            case MNIST -> null;
        };
    }
}
