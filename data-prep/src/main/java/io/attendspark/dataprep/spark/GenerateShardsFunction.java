package io.attendspark.dataprep.spark;

import io.attendspark.dataprep.shards.ShardPlan;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.DataSet;

/** Executor side of in-memory generation: one DataSet per shard, made lazily as Spark pulls it. */
final class GenerateShardsFunction implements FlatMapFunction<Iterator<Integer>, DataSet> {
    private final ShardPlan plan;
    private final SourceFactory factory;

    GenerateShardsFunction(ShardPlan plan, SourceFactory factory) {
        this.plan = plan;
        this.factory = factory;
    }

    @Override
    public Iterator<DataSet> call(Iterator<Integer> shards) {
        var source = factory.create();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return shards.hasNext();
            }

            @Override
            public DataSet next() {
                return source.dataSet(plan.indices(shards.next()));
            }
        };
    }
}
