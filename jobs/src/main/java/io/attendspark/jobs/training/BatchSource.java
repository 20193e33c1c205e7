package io.attendspark.jobs.training;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Turns one minibatch reference of a {@link RoundPlan} into a {@link DataSet}: in the driver
 * ({@link #load(String, Configuration)}, single-JVM training and evaluation) and on the Spark
 * executors (DL4J calls {@link #load(Source)} with the reference as the source's path).
 * Implementations travel to the executors inside the training closure, so they are small and
 * serializable: {@link FileBatches} reads minibatch files, {@link GeneratedBatches} makes the
 * minibatch on the spot from a generator.
 */
public interface BatchSource extends DataSetLoader, Serializable {

    /** Minibatch {@code ref} (a file URI or a generated-batch reference). */
    DataSet load(String ref, Configuration hadoop);

    /** The same minibatch, on an executor: DL4J opens {@code source} on the reference. */
    @Override
    DataSet load(Source source) throws IOException;
}
