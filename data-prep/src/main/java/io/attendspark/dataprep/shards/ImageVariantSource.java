package io.attendspark.dataprep.shards;

import io.attendspark.dataprep.variants.ImageExample;
import io.attendspark.dataprep.variants.VariantGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images of an MNIST variant as a DataSet: features {@code [n, 1, H, W]} (NCHW, float32, [0, 1]),
 * labels one-hot {@code [n, 10]}.
 */
public final class ImageVariantSource implements ExampleSource {
    public static final int CLASSES = 10;
    private final VariantGenerator generator;
    private final long seed;

    public ImageVariantSource(VariantGenerator generator, long seed) {
        this.generator = generator;
        this.seed = seed;
    }

    @Override
    public DataSet dataSet(long[] indices) {
        int n = indices.length;
        int h = generator.height();
        int w = generator.width();
        float[] features = new float[n * h * w];
        float[] labels = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            ImageExample example = generator.example(seed, indices[i]);
            System.arraycopy(example.pixels(), 0, features, i * h * w, h * w);
            labels[i * CLASSES + example.label()] = 1f;
        }
        INDArray x = Nd4j.create(features, new long[] {n, 1, h, w}, 'c'); // [n, 1, H, W]
        INDArray y = Nd4j.create(labels, new long[] {n, CLASSES}, 'c');  // [n, 10]
        return new DataSet(x, y);
    }

    @Override
    public long size() {
        return generator.count();
    }

    public VariantGenerator generator() {
        return generator;
    }

    public long seed() {
        return seed;
    }
}
