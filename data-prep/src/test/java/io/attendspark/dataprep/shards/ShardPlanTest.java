package io.attendspark.dataprep.shards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.dataprep.tasks.CopyTask;
import io.attendspark.dataprep.tasks.CopyTaskConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class ShardPlanTest {

    @Test
    void everyExampleLandsInExactlyOneShard() {
        for (boolean shuffle : new boolean[] {false, true}) {
            ShardPlan plan = new ShardPlan(1000, 64, 7, shuffle);
            assertEquals(16, plan.shardCount());
            assertEquals(64, plan.examplesIn(0));
            assertEquals(1000 - 15 * 64, plan.examplesIn(15));
            boolean[] seen = new boolean[1000];
            for (int k = 0; k < plan.shardCount(); k++) {
                long[] indices = plan.indices(k);
                assertEquals(plan.examplesIn(k), indices.length);
                for (long i : indices) {
                    assertFalse(seen[(int) i], "index " + i + " twice");
                    seen[(int) i] = true;
                }
            }
            for (boolean s : seen) {
                assertTrue(s);
            }
        }
    }

    @Test
    void unshuffledShardsAreContiguousRanges() {
        ShardPlan plan = new ShardPlan(10, 4, 1, false);
        assertArrayEquals(new long[] {0, 1, 2, 3}, plan.indices(0));
        assertArrayEquals(new long[] {8, 9}, plan.indices(2));
    }

    @Test
    void shuffleDependsOnlyOnThePlan() {
        ShardPlan a = new ShardPlan(500, 10, 3, true);
        ShardPlan b = new ShardPlan(500, 10, 3, true);
        ShardPlan other = new ShardPlan(500, 10, 4, true);
        assertArrayEquals(a.indices(7), b.indices(7));
        assertFalse(Arrays.equals(a.indices(7), other.indices(7)));
        assertFalse(Arrays.equals(a.indices(0), new ShardPlan(500, 10, 3, false).indices(0)));
    }

    @Test
    void rejectsBadPlansAndShards() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ShardPlan(0, 10, 1, false))
                .getMessage().contains("examples must be > 0 but was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ShardPlan(10, 0, 1, false))
                .getMessage().contains("examplesPerShard must be > 0"));
        ShardPlan plan = new ShardPlan(10, 4, 1, false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan.indices(3)).getMessage().contains("0..2 but was 3"));
    }

    @Test
    void shardBytesAreDeterministicAndRoundTrip() {
        TaskSource source = new TaskSource(new CopyTask(CopyTaskConfig.defaults()), 5);
        long[] indices = new ShardPlan(100, 16, 5, true).indices(2);
        byte[] once = DataSetBytes.toBytes(source.dataSet(indices));
        byte[] again = DataSetBytes.toBytes(new TaskSource(new CopyTask(CopyTaskConfig.defaults()), 5).dataSet(indices));
        assertArrayEquals(once, again);
        DataSet back = DataSetBytes.fromBytes(once);
        assertEquals(source.dataSet(indices).getFeatures(), back.getFeatures());
        assertEquals(source.dataSet(indices).getLabelsMaskArray(), back.getLabelsMaskArray());
        assertEquals(64, DataSetBytes.sha256(once).length());
    }
}
