package io.attendspark.dataprep.mnist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads and validates MNIST splits (IDX images + labels) from any Hadoop FileSystem URI.
 * Checks magic numbers (2051 images, 2049 labels), 28×28 images, matching counts, labels 0..9,
 * and exact file lengths; see {@link IdxReader} for the per-file checks.
 */
public final class MnistReader {
    /** MNIST images are 28 × 28. */
    public static final int SIZE = 28;

    private MnistReader() {
    }

    /** Reads {@code split} from a directory holding the standard file names, each raw or {@code .gz}. */
    public static MnistData read(URI directory, MnistSplit split, Configuration conf) {
        Path dir = new Path(directory);
        return read(locate(dir, split.imagesFile(), conf), locate(dir, split.labelsFile(), conf), conf);
    }

    /** Reads one images file and its labels file. */
    public static MnistData read(Path images, Path labels, Configuration conf) {
        IdxReader.Idx img = IdxReader.read(images, conf, IdxReader.IMAGES_MAGIC);
        int count = img.dims()[0];
        int rows = img.dims()[1];
        int cols = img.dims()[2];
        if (rows != SIZE || cols != SIZE) {
            throw IdxReader.bad("MNIST images file", images, SIZE + "x" + SIZE + " images", rows + "x" + cols);
        }
        IdxReader.Idx lab = IdxReader.read(labels, conf, IdxReader.LABELS_MAGIC);
        if (lab.dims()[0] != count) {
            throw IdxReader.bad("MNIST labels file", labels, count + " labels (as many as images in " + images + ")",
                    String.valueOf(lab.dims()[0]));
        }
        byte[] labelBytes = lab.body();
        for (int i = 0; i < labelBytes.length; i++) {
            int value = labelBytes[i] & 0xFF;
            if (value > 9) {
                throw IdxReader.bad("MNIST labels file", labels, "labels 0..9", "label " + value + " at index " + i);
            }
        }
        return new MnistData(count, rows, cols, img.body(), labelBytes);
    }

    /** The file {@code name} or {@code name.gz} in {@code dir}; raw wins when both exist. */
    static Path locate(Path dir, String name, Configuration conf) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            Path raw = new Path(dir, name);
            if (fs.exists(raw)) {
                return raw;
            }
            Path gz = new Path(dir, name + ".gz");
            if (fs.exists(gz)) {
                return gz;
            }
            if (!fs.exists(dir)) {
                throw IdxReader.bad("MNIST directory", dir, "a directory with " + name + "[.gz]", "no such directory");
            }
            throw IdxReader.bad("MNIST directory", dir, "a file " + name + " or " + name + ".gz", "neither");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list MNIST directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
