package io.attendspark.dataprep.spark;

import io.attendspark.dataprep.shards.ShardPlan;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Spark glue for a {@link ShardPlan}: shards are spread over {@code partitions} Spark partitions,
 * and each is made on an executor from the plan alone, so the result does not depend on the
 * partition or executor count.
 */
public final class ShardGeneration {
    private ShardGeneration() {
    }

    /** Shard ids 0..shardCount-1 in {@code partitions} contiguous slices. */
    public static JavaRDD<Integer> shardIds(JavaSparkContext sc, ShardPlan plan, int partitions) {
        List<Integer> ids = IntStream.range(0, plan.shardCount()).boxed().collect(Collectors.toList());
        return sc.parallelize(ids, Math.max(1, Math.min(partitions, ids.size())));
    }

    /** One DataSet per shard, made on the executors with no file written (for generated tasks). */
    public static JavaRDD<DataSet> dataSets(JavaSparkContext sc, ShardPlan plan, SourceFactory factory, int partitions) {
        return shardIds(sc, plan, partitions).mapPartitions(new GenerateShardsFunction(plan, factory));
    }

    /**
     * Writes every shard as {@link ShardRecord#fileName(int)} under {@code directory} (any Hadoop FS URI)
     * and returns the records sorted by shard. {@code examplesDone} counts examples as they are written.
     */
    public static List<ShardRecord> write(JavaSparkContext sc, ShardPlan plan, SourceFactory factory, int partitions,
            String directory, Configuration conf, LongAccumulator examplesDone) {
        List<ShardRecord> records = shardIds(sc, plan, partitions)
                .mapPartitions(new WriteShardsFunction(plan, factory, directory, new HadoopConf(conf), examplesDone))
                .collect();
        return records.stream().sorted(java.util.Comparator.comparingInt(ShardRecord::shard)).toList();
    }
}
