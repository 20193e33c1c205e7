package io.attendspark.jobs.training;

import io.attendspark.dataprep.shards.ExampleSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Minibatches made where they are used, from a deterministic {@link ExampleSource} (e.g. an NTM
 * task generator): no data files. Minibatch {@code k} holds examples {@code k·B .. k·B+B−1}, so
 * it is the same on whichever executor makes it. References are relative paths
 * {@code _generated/<name>/batch-<k>}: DL4J's path-based training opens a Hadoop file system for
 * each reference's URI before asking this loader for the data, and a scheme-less relative path
 * resolves to the default file system, which is never read.
 *
 * @param source    the example generator
 * @param name      a label for the references (e.g. the task name)
 * @param batchSize examples per minibatch
 * @param finish    applied to every generated minibatch (e.g. padding to the model's length); serializable
 */
public record GeneratedBatches(ExampleSource source, String name, int batchSize, Finisher finish) implements BatchSource {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "_generated/";

    /** A serializable post-processing step. */
    public interface Finisher extends UnaryOperator<DataSet>, java.io.Serializable {
        Finisher NONE = ds -> ds;
    }

    public GeneratedBatches {
        if (source == null || name == null || name.isBlank() || name.contains("/") || finish == null) {
            throw new IllegalArgumentException("source, a name without '/' and finish must be set but were "
                    + source + ", '" + name + "', " + finish);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0 but was " + batchSize);
        }
    }

    /** References to minibatches {@code first .. first+count−1}. */
    public List<String> refs(long first, int count) {
        if (first < 0 || count < 0 || (first + count) * batchSize > source.size()) {
            throw new IllegalArgumentException("minibatches " + first + ".." + (first + count - 1) + " of " + batchSize
                    + " need " + (first + count) * batchSize + " examples but the source has " + source.size());
        }
        List<String> out = new ArrayList<>(count);
        for (long k = first; k < first + count; k++) {
            out.add(PREFIX + name + "/batch-" + k);
        }
        return out;
    }

    @Override
    public DataSet load(String ref, Configuration hadoop) {
        long k = batchIndex(ref);
        long[] indices = new long[batchSize];
        for (int i = 0; i < batchSize; i++) {
            indices[i] = k * batchSize + i;
        }
        return finish.apply(source.dataSet(indices));
    }

    @Override
    public DataSet load(Source source) {
        return load(source.getPath(), null);
    }

    private long batchIndex(String ref) {
        String prefix = PREFIX + name + "/batch-";
        int at = ref.indexOf(prefix);
        if (at < 0) {
            throw new IllegalArgumentException("minibatch reference must look like '" + prefix + "<k>' but was '" + ref + "'");
        }
        try {
            return Long.parseLong(ref.substring(at + prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("minibatch reference must end in a batch number but was '" + ref + "'", e);
        }
    }
}
