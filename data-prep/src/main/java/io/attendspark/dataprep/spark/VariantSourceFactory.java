package io.attendspark.dataprep.spark;

import io.attendspark.dataprep.mnist.MnistData;
import io.attendspark.dataprep.shards.ExampleSource;
import io.attendspark.dataprep.shards.ImageVariantSource;
import io.attendspark.dataprep.variants.VariantConfig;
import io.attendspark.dataprep.variants.VariantGenerator;
import org.apache.spark.broadcast.Broadcast;

/** An MNIST variant whose base digits reach each executor once, by broadcast. */
public record VariantSourceFactory(Broadcast<MnistData> base, VariantConfig config, long seed) implements SourceFactory {
    @Override
    public ExampleSource create() {
        return new ImageVariantSource(new VariantGenerator(base.value(), config), seed);
    }
}
