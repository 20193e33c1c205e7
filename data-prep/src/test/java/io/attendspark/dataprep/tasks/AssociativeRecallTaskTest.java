package io.attendspark.dataprep.tasks;

import io.attendspark.dataprep.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssociativeRecallTaskTest {

    @Test
    void tinyTwoItemEpisodeMatchesHandWrittenEncoding() {
        AssociativeRecallTask task = new AssociativeRecallTask(new AssociativeRecallTaskConfig(2, 1, 2, 2));
        assertEquals(4, task.inputWidth());
        assertEquals(2, task.outputWidth());
        assertEquals(8, task.maxLength());
        for (long index = 0; index < 20; index++) {
            Episode e = task.episode(8L, index);
            float[][] in = e.input();
            float x0 = in[0][1], x1 = in[1][1], y0 = in[0][3], y1 = in[1][3];
            for (float v : new float[] {x0, x1, y0, y1}) {
                TaskChecks.assertBit(v);
            }
            // with two items the query is always item 0 and the answer item 1
            assertArrayEquals(new float[][] {
                {0, x0, 0, y0, 0, x0, 0, 0},
                {0, x1, 0, y1, 0, x1, 0, 0},
                {1, 0, 1, 0, 0, 0, 0, 0},
                {0, 0, 0, 0, 1, 0, 1, 0}}, e.input());
            assertArrayEquals(new float[][] {
                {0, 0, 0, 0, 0, 0, 0, y0},
                {0, 0, 0, 0, 0, 0, 0, y1}}, e.target());
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 1}, e.targetMask());
        }
    }

    @Test
    void tinyThreeItemEpisodeMatchesHandWrittenEncoding() {
        AssociativeRecallTaskConfig config = new AssociativeRecallTaskConfig(2, 2, 3, 3);
        AssociativeRecallTask task = new AssociativeRecallTask(config);
        boolean[] queries = new boolean[2];
        for (long index = 0; index < 30; index++) {
            Episode e = task.episode(8L, index);
            float[][] in = e.input();
            // item i, vector j, channel c sits at step 3i+1+j
            float[][][] item = new float[3][2][2];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    for (int c = 0; c < 2; c++) {
                        item[i][j][c] = in[c][3 * i + 1 + j];
                        TaskChecks.assertBit(item[i][j][c]);
                    }
                }
            }
            int q = replayQuery(config, 8L, index);
            queries[q] = true;
            float[][] a = item[0], b = item[1], c = item[2], qi = item[q], ans = item[q + 1];
            assertEquals(15, e.length());
            assertArrayEquals(new float[][] {
                {0, a[0][0], a[1][0], 0, b[0][0], b[1][0], 0, c[0][0], c[1][0], 0, qi[0][0], qi[1][0], 0, 0, 0},
                {0, a[0][1], a[1][1], 0, b[0][1], b[1][1], 0, c[0][1], c[1][1], 0, qi[0][1], qi[1][1], 0, 0, 0},
                {1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0}}, e.input());
            assertArrayEquals(new float[][] {
                {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ans[0][0], ans[1][0]},
                {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ans[0][1], ans[1][1]}}, e.target());
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, e.targetMask());
        }
        assertTrue(queries[0] && queries[1], "both queries 0 and 1 occur");
    }

    /** Replays the documented draw order: n, then all item bits, then q. */
    private static int replayQuery(AssociativeRecallTaskConfig config, long seed, long index) {
        SplittableRandom rng = Seeds.forExample(seed, index);
        int items = rng.nextInt(config.minItems(), config.maxItems() + 1);
        for (int b = 0; b < items * config.itemLength() * config.bits(); b++) {
            rng.nextBoolean();
        }
        return rng.nextInt(items - 1);
    }

    @Test
    void deterministicAndVaried() throws Exception {
        AssociativeRecallTask task = new AssociativeRecallTask(AssociativeRecallTaskConfig.defaults());
        TaskChecks.assertDeterministic(task, new AssociativeRecallTask(new AssociativeRecallTaskConfig(6, 3, 2, 6)));
        TaskChecks.assertVaries(task);
        TaskChecks.assertSerializable(task);
    }

    @Test
    void itemCountsAndQueriesCoverTheConfiguredRangesAndBitsAreBalanced() {
        AssociativeRecallTaskConfig config = AssociativeRecallTaskConfig.defaults();
        AssociativeRecallTask task = new AssociativeRecallTask(config);
        int bits = config.bits();
        int k = config.itemLength();
        boolean[] counts = new boolean[config.maxItems() + 1];
        boolean[] queries = new boolean[config.maxItems() - 1];
        long ones = 0;
        long count = 0;
        for (long index = 0; index < 2000; index++) {
            Episode e = task.episode(99L, index);
            TaskChecks.assertShape(task, e);
            int items = (e.length() - 2 - 2 * k) / (k + 1);
            assertEquals(items * (k + 1) + 2 + 2 * k, e.length());
            assertTrue(items >= config.minItems() && items <= config.maxItems(), "items " + items);
            counts[items] = true;
            int q = replayQuery(config, 99L, index);
            assertTrue(q >= 0 && q <= items - 2, "query " + q);
            queries[q] = true;
            for (int t = 0; t < k; t++) {
                for (int c = 0; c < bits; c++) {
                    float query = e.input()[c][items * (k + 1) + 1 + t];
                    assertEquals(e.input()[c][q * (k + 1) + 1 + t], query, "query is item q");
                    assertEquals(e.input()[c][(q + 1) * (k + 1) + 1 + t], e.target()[c][e.length() - k + t],
                            "answer is item q+1");
                }
            }
            for (int c = 0; c < bits; c++) {
                for (int t = 0; t < items * (k + 1); t++) {
                    if (t % (k + 1) != 0) {
                        ones += (long) e.input()[c][t];
                        count++;
                    }
                }
            }
        }
        for (int n = config.minItems(); n <= config.maxItems(); n++) {
            assertTrue(counts[n], "item count " + n + " occurs");
        }
        for (int q = 0; q <= config.maxItems() - 2; q++) {
            assertTrue(queries[q], "query " + q + " occurs");
        }
        TaskChecks.assertBalanced(ones, count);
    }

    @Test
    void rejectsBadConfigs() {
        assertEquals(new AssociativeRecallTaskConfig(6, 3, 2, 6), AssociativeRecallTaskConfig.defaults());
        TaskChecks.assertRejected("associativeRecall.bits", () -> new AssociativeRecallTaskConfig(0, 3, 2, 6));
        TaskChecks.assertRejected("associativeRecall.itemLength", () -> new AssociativeRecallTaskConfig(6, 0, 2, 6));
        TaskChecks.assertRejected("associativeRecall.minItems", () -> new AssociativeRecallTaskConfig(6, 3, 1, 6));
        TaskChecks.assertRejected("associativeRecall.maxItems must be >= associativeRecall.minItems (4) but was 3",
                () -> new AssociativeRecallTaskConfig(6, 3, 4, 3));
    }
}
