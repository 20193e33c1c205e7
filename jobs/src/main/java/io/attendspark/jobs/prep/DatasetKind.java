package io.attendspark.jobs.prep;

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
}
