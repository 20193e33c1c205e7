package io.attendspark.jobs.train;

/** Where the training rounds run. */
public enum TrainMode {
    /** DL4J parameter averaging over Spark workers (local or cluster). */
    SPARK,
    /** The same rounds in the driver JVM, one minibatch after another (the reference, and for benchmarks). */
    SINGLE_JVM
}
