package io.attendspark.dataprep.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attendspark.dataprep.mnist.MnistData;
import io.attendspark.dataprep.shards.DataSetBytes;
import io.attendspark.dataprep.shards.ShardPlan;
import io.attendspark.dataprep.shards.TaskSource;
import io.attendspark.dataprep.tasks.AssociativeRecallTask;
import io.attendspark.dataprep.tasks.AssociativeRecallTaskConfig;
import io.attendspark.dataprep.variants.MnistVariant;
import io.attendspark.dataprep.variants.VariantConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** Generation on executors does not depend on the partition count, and written shards equal generated ones. */
class ShardGenerationSparkTest {
    private static JavaSparkContext sc;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("shard-generation-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void generatedTaskShardsIgnorePartitioningAndMatchWrittenFiles() throws Exception {
        ShardPlan plan = new ShardPlan(100, 16, 9, true);
        SourceFactory factory = SourceFactory.of(new TaskSource(new AssociativeRecallTask(AssociativeRecallTaskConfig.defaults()), 9));
        List<byte[]> onePartition = bytes(ShardGeneration.dataSets(sc, plan, factory, 1).collect());
        List<byte[]> fivePartitions = bytes(ShardGeneration.dataSets(sc, plan, factory, 5).collect());
        assertEquals(plan.shardCount(), onePartition.size());
        for (int k = 0; k < plan.shardCount(); k++) {
            assertArrayEquals(onePartition.get(k), fivePartitions.get(k), "shard " + k);
        }

        List<ShardRecord> records = ShardGeneration.write(sc, plan, factory, 3, tmp.toUri().toString(),
                sc.hadoopConfiguration(), sc.sc().longAccumulator());
        assertEquals(plan.shardCount(), records.size());
        for (ShardRecord record : records) {
            byte[] file = Files.readAllBytes(tmp.resolve(record.file()));
            assertArrayEquals(onePartition.get(record.shard()), file, record.file());
            assertEquals(DataSetBytes.sha256(file), record.sha256());
            assertEquals(plan.examplesIn(record.shard()), record.examples());
        }
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("_attempt")).count(), "no attempt files left");
        }
    }

    @Test
    void variantShardsFromABroadcastBase() {
        byte[] pixels = new byte[4 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 31) % 256);
        }
        MnistData base = new MnistData(4, 28, 28, pixels, new byte[] {3, 1, 4, 1});
        ShardPlan plan = new ShardPlan(8, 3, 2, false);
        SourceFactory factory = new VariantSourceFactory(sc.broadcast(base), VariantConfig.defaults(MnistVariant.RTS), 2);
        List<DataSet> shards = ShardGeneration.dataSets(sc, plan, factory, 2).collect();
        assertEquals(3, shards.size());
        assertArrayEquals(new long[] {3, 1, 42, 42}, shards.get(0).getFeatures().shape());
        assertArrayEquals(new long[] {2, 10}, shards.get(2).getLabels().shape());
        // example 5 is base image 1 (label 1); example 6 is base image 2 (label 4)
        assertEquals(1, shards.get(1).getLabels().getRow(2).argMax().getInt(0));
        assertEquals(4, shards.get(2).getLabels().getRow(0).argMax().getInt(0));
    }

    private static List<byte[]> bytes(List<DataSet> dataSets) {
        return dataSets.stream().map(DataSetBytes::toBytes).toList();
    }
}
