package io.attendspark.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.attendspark.dataprep.shards.TaskSource;
import io.attendspark.dataprep.tasks.CopyTask;
import io.attendspark.dataprep.tasks.CopyTaskConfig;
import io.attendspark.dataprep.tasks.EpisodeBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

class GeneratedBatchesTest {
    private static final CopyTask TASK = new CopyTask(new CopyTaskConfig(4, 1, 5));
    private static final GeneratedBatches BATCHES = new GeneratedBatches(new TaskSource(TASK, 3L), "copy", 4,
            GeneratedBatches.Finisher.NONE);

    @Test
    void batchKHoldsExamplesKTimesBToKTimesBPlusBMinus1() {
        List<String> refs = BATCHES.refs(5, 2);
        assertEquals(List.of("_generated/copy/batch-5", "_generated/copy/batch-6"), refs);
        DataSet batch6 = BATCHES.load(refs.get(1), null);
        DataSet expected = EpisodeBatch.generate(TASK, 3L, new long[] {24, 25, 26, 27});
        assertEquals(expected.getFeatures(), batch6.getFeatures());
        assertEquals(expected.getLabels(), batch6.getLabels());
        assertEquals(expected.getLabelsMaskArray(), batch6.getLabelsMaskArray());
    }

    @Test
    void executorsGetTheSameBatchThroughDl4jsSourceAfterSerialization() throws Exception {
        BatchSource copy = roundTrip(BATCHES);
        String ref = "_generated/copy/batch-9";
        DataSet viaSource = copy.load(new Source() {
            @Override
            public InputStream getInputStream() throws IOException {
                throw new IOException("a generated batch must not be read from a file");
            }

            @Override
            public String getPath() {
                return ref;
            }
        });
        assertEquals(BATCHES.load(ref, null).getFeatures(), viaSource.getFeatures());
    }

    @Test
    void rejectsForeignReferencesAndBatchesBeyondTheSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BATCHES.load("/data/shard-00001.bin", null));
        assertEquals("minibatch reference must look like '_generated/copy/batch-<k>' but was '/data/shard-00001.bin'", e.getMessage());
        GeneratedBatches small = new GeneratedBatches(new FixedSizeSource(10), "copy", 4, GeneratedBatches.Finisher.NONE);
        assertThrows(IllegalArgumentException.class, () -> small.refs(2, 1));
        assertEquals(2, small.refs(0, 2).size());
    }

    private record FixedSizeSource(long size) implements io.attendspark.dataprep.shards.ExampleSource {
        @Override
        public DataSet dataSet(long[] indices) {
            return EpisodeBatch.generate(TASK, 1L, indices);
        }
    }

    private static BatchSource roundTrip(BatchSource source) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(source);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (BatchSource) in.readObject();
        }
    }
}
