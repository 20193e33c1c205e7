package io.attendspark.dataprep.tasks;

import io.attendspark.dataprep.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrioritySortTaskTest {

    @Test
    void tinyEpisodeMatchesHandWrittenEncoding() {
        PrioritySortTask task = new PrioritySortTask(new PrioritySortTaskConfig(2, 3, 2));
        assertEquals(4, task.inputWidth());
        assertEquals(2, task.outputWidth());
        assertEquals(6, task.maxLength());
        boolean[] firstSeen = new boolean[3];
        for (long index = 0; index < 30; index++) {
            Episode e = task.episode(21L, index);
            float[][] in = e.input();
            float[][] v = {{in[0][0], in[1][0]}, {in[0][1], in[1][1]}, {in[0][2], in[1][2]}};
            float[] p = {in[2][0], in[2][1], in[2][2]};
            for (int i = 0; i < 3; i++) {
                TaskChecks.assertBit(v[i][0]);
                TaskChecks.assertBit(v[i][1]);
                assertTrue(p[i] >= -1f && p[i] < 1f, "priority " + p[i]);
            }
            assertNotEquals(p[0], p[1]);
            assertNotEquals(p[1], p[2]);
            assertNotEquals(p[0], p[2]);
            // first = highest priority, second = highest of the other two
            int first = p[0] > p[1] ? (p[0] > p[2] ? 0 : 2) : (p[1] > p[2] ? 1 : 2);
            int x = (first + 1) % 3;
            int y = (first + 2) % 3;
            int second = p[x] > p[y] ? x : y;
            firstSeen[first] = true;
            float[] hi = v[first];
            float[] mid = v[second];
            assertEquals(6, e.length());
            assertArrayEquals(new float[][] {
                {v[0][0], v[1][0], v[2][0], 0, 0, 0},
                {v[0][1], v[1][1], v[2][1], 0, 0, 0},
                {p[0], p[1], p[2], 0, 0, 0},
                {0, 0, 0, 1, 0, 0}}, e.input());
            assertArrayEquals(new float[][] {
                {0, 0, 0, 0, hi[0], mid[0]},
                {0, 0, 0, 0, hi[1], mid[1]}}, e.target());
            assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1}, e.targetMask());
        }
        assertTrue(firstSeen[0] && firstSeen[1] && firstSeen[2], "each input is sometimes the highest");
    }

    @Test
    void followsDocumentedDrawOrder() {
        PrioritySortTaskConfig config = PrioritySortTaskConfig.defaults();
        Episode e = new PrioritySortTask(config).episode(5L, 17L);
        SplittableRandom rng = Seeds.forExample(5L, 17L);
        for (int t = 0; t < config.inputs(); t++) {
            for (int c = 0; c < config.bits(); c++) {
                assertEquals(rng.nextBoolean() ? 1f : 0f, e.input()[c][t], "input c=" + c + " t=" + t);
            }
            float priority = (rng.nextInt(1 << 24) - (1 << 23)) / (float) (1 << 23);
            assertEquals(priority, e.input()[config.bits()][t], "priority t=" + t);
        }
    }

    @Test
    void deterministicAndVaried() throws Exception {
        PrioritySortTask task = new PrioritySortTask(PrioritySortTaskConfig.defaults());
        TaskChecks.assertDeterministic(task, new PrioritySortTask(new PrioritySortTaskConfig(8, 20, 16)));
        TaskChecks.assertVaries(task);
        TaskChecks.assertSerializable(task);
    }

    @Test
    void defaultEpisodesAreSortedAndBitsBalancedAndPrioritiesUniform() {
        PrioritySortTaskConfig config = PrioritySortTaskConfig.defaults();
        PrioritySortTask task = new PrioritySortTask(config);
        int bits = config.bits();
        int n = config.inputs();
        int m = config.outputs();
        long ones = 0;
        long count = 0;
        double prioritySum = 0;
        float min = 1f;
        float max = -1f;
        for (long index = 0; index < 2000; index++) {
            Episode e = task.episode(99L, index);
            TaskChecks.assertShape(task, e);
            assertEquals(n + 1 + m, e.length());
            float[] p = e.input()[bits];
            // the j-th output is the input with exactly j inputs ranked above it (higher priority, or equal and earlier)
            for (int j = 0; j < m; j++) {
                int matched = -1;
                for (int i = 0; i < n; i++) {
                    int higher = 0;
                    for (int o = 0; o < n; o++) {
                        higher += p[o] > p[i] || (p[o] == p[i] && o < i) ? 1 : 0;
                    }
                    if (higher == j) {
                        matched = i;
                    }
                }
                assertTrue(matched >= 0, "rank " + j + " exists");
                for (int c = 0; c < bits; c++) {
                    assertEquals(e.input()[c][matched], e.target()[c][n + 1 + j], "output " + j + " channel " + c);
                }
            }
            for (int i = 0; i < n; i++) {
                assertTrue(p[i] >= -1f && p[i] < 1f, "priority " + p[i]);
                prioritySum += p[i];
                min = Math.min(min, p[i]);
                max = Math.max(max, p[i]);
                for (int c = 0; c < bits; c++) {
                    ones += (long) e.input()[c][i];
                    count++;
                }
            }
        }
        TaskChecks.assertBalanced(ones, count);
        double meanPriority = prioritySum / (2000.0 * n);
        assertTrue(Math.abs(meanPriority) < 0.02, "mean priority " + meanPriority);
        assertTrue(min < -0.99f && max > 0.99f, "priorities span [-1, 1): " + min + ".." + max);
    }

    @Test
    void rejectsBadConfigs() {
        assertEquals(new PrioritySortTaskConfig(8, 20, 16), PrioritySortTaskConfig.defaults());
        TaskChecks.assertRejected("prioritySort.bits", () -> new PrioritySortTaskConfig(0, 20, 16));
        TaskChecks.assertRejected("prioritySort.inputs", () -> new PrioritySortTaskConfig(8, 0, 1));
        TaskChecks.assertRejected("prioritySort.outputs", () -> new PrioritySortTaskConfig(8, 20, 0));
        TaskChecks.assertRejected("prioritySort.outputs must be <= prioritySort.inputs (20) but was 21",
                () -> new PrioritySortTaskConfig(8, 20, 21));
    }
}
