package io.attendspark.dataprep.spark;

import io.attendspark.dataprep.shards.DataSetBytes;
import io.attendspark.dataprep.shards.ExampleSource;
import io.attendspark.dataprep.shards.ShardPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor side of shard writing: makes each shard of the partition and writes it under
 * {@code directory}. A file is first written under a task-attempt name and then renamed, so a
 * retried or speculative task never leaves a partial file under a shard's name.
 */
final class WriteShardsFunction implements FlatMapFunction<Iterator<Integer>, ShardRecord> {
    private static final Logger log = LoggerFactory.getLogger(WriteShardsFunction.class);
    private final ShardPlan plan;
    private final SourceFactory factory;
    private final String directory;
    private final HadoopConf conf;
    private final LongAccumulator examplesDone;

    WriteShardsFunction(ShardPlan plan, SourceFactory factory, String directory, HadoopConf conf, LongAccumulator examplesDone) {
        this.plan = plan;
        this.factory = factory;
        this.directory = directory;
        this.conf = conf;
        this.examplesDone = examplesDone;
    }

    @Override
    public Iterator<ShardRecord> call(Iterator<Integer> shards) throws IOException {
        ExampleSource source = factory.create();
        Path dir = new Path(directory);
        FileSystem fs = dir.getFileSystem(conf.get());
        fs.setWriteChecksum(false); // no .crc sidecar files on file: outputs
        TaskContext task = TaskContext.get();
        String attempt = task == null ? "driver" : task.stageId() + "-" + task.partitionId() + "-" + task.attemptNumber();
        List<ShardRecord> records = new ArrayList<>();
        while (shards.hasNext()) {
            int shard = shards.next();
            byte[] bytes = DataSetBytes.toBytes(source.dataSet(plan.indices(shard)));
            String name = ShardRecord.fileName(shard);
            Path tmp = new Path(dir, "_attempt-" + attempt + "-" + name);
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            Path target = new Path(dir, name);
            if (fs.exists(target)) {
                fs.delete(target, false); // an earlier attempt of this task wrote the same bytes
            }
            if (!fs.rename(tmp, target)) {
                throw new UncheckedIOException(new IOException("Could not rename " + tmp + " to " + target));
            }
            records.add(new ShardRecord(shard, name, plan.examplesIn(shard), bytes.length, DataSetBytes.sha256(bytes)));
            examplesDone.add(plan.examplesIn(shard));
            log.debug("wrote {} ({} examples, {} bytes)", target, plan.examplesIn(shard), bytes.length);
        }
        return records.iterator();
    }
}
