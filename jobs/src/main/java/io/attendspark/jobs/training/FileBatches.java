package io.attendspark.jobs.training;

import io.attendspark.dataprep.shards.DataSetBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/** Minibatch files written by the prep job (one serialized DataSet each), on any Hadoop FS. */
public final class FileBatches implements BatchSource {
    private static final long serialVersionUID = 1L;

    @Override
    public DataSet load(String file, Configuration hadoop) {
        Path path = new Path(file);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return DataSetBytes.fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read minibatch file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DataSet load(Source source) throws IOException {
        try (InputStream in = source.getInputStream()) {
            return DataSetBytes.fromBytes(in.readAllBytes());
        }
    }
}
