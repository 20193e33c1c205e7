package io.attendspark.dataprep.shards;

import java.io.Serializable;
import org.nd4j.linalg.dataset.DataSet;

/** Makes the minibatch of given example indices; a pure function of its configuration and the indices. */
public interface ExampleSource extends Serializable {

    /** The examples {@code indices}, in that order, as one DataSet. */
    DataSet dataSet(long[] indices);

    /** Largest number of distinct examples this source can make ({@code Long.MAX_VALUE} for generated tasks). */
    long size();
}
