package io.attendspark.dataprep.spark;

import io.attendspark.dataprep.shards.ExampleSource;
import java.io.Serializable;

/** Builds an {@link ExampleSource} on the executor (so large inputs can arrive by broadcast). */
@FunctionalInterface
public interface SourceFactory extends Serializable {
    ExampleSource create();

    /** A factory for a source small enough to ship inside the closure. */
    static SourceFactory of(ExampleSource source) {
        return new FixedSourceFactory(source);
    }
}
