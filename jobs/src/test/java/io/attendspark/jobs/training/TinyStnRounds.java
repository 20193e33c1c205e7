package io.attendspark.jobs.training;

import io.attendspark.dataprep.shards.DataSetBytes;
import io.attendspark.models.stn.StnModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** What the trainer equivalence tests train: a tiny ST-CNN on a dozen minibatch files of random 16×16 images. */
public final class TinyStnRounds {
    /** Examples per minibatch file. */
    public static final int BATCH = 8;

    private TinyStnRounds() {
    }

    /** Writes 12 minibatch files (random images, labels a fixed function of file and row) into {@code dir}; returns their URIs. */
    public static List<String> writeBatches(Path dir, long seed) throws IOException {
        List<String> files = new ArrayList<>();
        Nd4j.getRandom().setSeed(seed);
        for (int i = 0; i < 12; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 1, 16, 16);
            INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
            for (int r = 0; r < BATCH; r++) {
                y.putScalar(r, (i * 3 + r * 7) % 10, 1f);
            }
            Path file = dir.resolve(String.format("shard-%06d.bin", i));
            Files.write(file, DataSetBytes.toBytes(new DataSet(x, y)));
            files.add(file.toUri().toString());
        }
        return files;
    }

    /** A minibatch file whose one NaN pixel makes any loss on it NaN. */
    public static Path writeNanBatch(Path dir) throws IOException {
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 1, 16, 16);
        x.putScalar(new long[] {3, 0, 5, 5}, Float.NaN);
        Path bad = dir.resolve("shard-nan.bin");
        Files.write(bad, DataSetBytes.toBytes(new DataSet(x, Nd4j.zeros(DataType.FLOAT, BATCH, 10).putScalar(0, 1, 1f))));
        return bad;
    }

    /** The tiny ST-CNN: 16×16 inputs, 4 and 6 filters of 3×3, dense 16. */
    public static StnModelConfig tiny(StnModelConfig.Optimizer optimizer, double lr) {
        return new StnModelConfig(StnModelConfig.Architecture.ST_CNN, 16, 16, 1, 10, 4, 6, 3, 16, lr, 0.1, optimizer, 0.0, 42);
    }
}
