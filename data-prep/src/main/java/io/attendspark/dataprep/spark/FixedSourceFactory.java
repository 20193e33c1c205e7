package io.attendspark.dataprep.spark;

import io.attendspark.dataprep.shards.ExampleSource;

/** A source shipped as is inside the closure (generated tasks: only their config travels). */
record FixedSourceFactory(ExampleSource source) implements SourceFactory {
    @Override
    public ExampleSource create() {
        return source;
    }
}
