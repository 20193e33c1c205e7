package io.attendspark.dataprep.tasks;

import io.attendspark.dataprep.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyTaskTest {

    @Test
    void tinyEpisodeMatchesHandWrittenEncoding() {
        CopyTask task = new CopyTask(new CopyTaskConfig(2, 2, 2));
        assertEquals(3, task.inputWidth());
        assertEquals(2, task.outputWidth());
        assertEquals(5, task.maxLength());
        for (long index = 0; index < 20; index++) {
            Episode e = task.episode(11L, index);
            float[][] in = e.input();
            float a0 = in[0][0], a1 = in[1][0], b0 = in[0][1], b1 = in[1][1];
            for (float v : new float[] {a0, a1, b0, b1}) {
                TaskChecks.assertBit(v);
            }
            assertEquals(5, e.length());
            assertArrayEquals(new float[][] {
                {a0, b0, 0, 0, 0},
                {a1, b1, 0, 0, 0},
                {0, 0, 1, 0, 0}}, e.input());
            assertArrayEquals(new float[][] {
                {0, 0, 0, a0, b0},
                {0, 0, 0, a1, b1}}, e.target());
            assertArrayEquals(new float[] {0, 0, 0, 1, 1}, e.targetMask());
        }
    }

    @Test
    void followsDocumentedDrawOrder() {
        CopyTaskConfig config = CopyTaskConfig.defaults();
        Episode e = new CopyTask(config).episode(5L, 17L);
        SplittableRandom rng = Seeds.forExample(5L, 17L);
        int length = rng.nextInt(config.minLength(), config.maxLength() + 1);
        assertEquals(2 * length + 1, e.length());
        for (int t = 0; t < length; t++) {
            for (int c = 0; c < config.bits(); c++) {
                assertEquals(rng.nextBoolean() ? 1f : 0f, e.input()[c][t], "input c=" + c + " t=" + t);
            }
        }
    }

    @Test
    void deterministicAndVaried() throws Exception {
        CopyTask task = new CopyTask(CopyTaskConfig.defaults());
        TaskChecks.assertDeterministic(task, new CopyTask(new CopyTaskConfig(8, 1, 20)));
        TaskChecks.assertVaries(task);
        TaskChecks.assertSerializable(task);
    }

    @Test
    void lengthsCoverTheConfiguredRangeAndBitsAreBalanced() {
        CopyTaskConfig config = new CopyTaskConfig(8, 3, 20);
        CopyTask task = new CopyTask(config);
        int[] seen = new int[config.maxLength() + 1];
        long ones = 0;
        long count = 0;
        for (long index = 0; index < 2000; index++) {
            Episode e = task.episode(99L, index);
            TaskChecks.assertShape(task, e);
            int length = (e.length() - 1) / 2;
            assertTrue(length >= config.minLength() && length <= config.maxLength(), "length " + length);
            assertEquals(1f, e.input()[config.bits()][length], "delimiter at step L");
            seen[length]++;
            for (int c = 0; c < config.bits(); c++) {
                for (int t = 0; t < length; t++) {
                    ones += (long) e.input()[c][t];
                    count++;
                }
            }
        }
        for (int length = config.minLength(); length <= config.maxLength(); length++) {
            assertTrue(seen[length] > 0, "length " + length + " occurs");
        }
        TaskChecks.assertBalanced(ones, count);
    }

    @Test
    void rejectsBadConfigs() {
        assertEquals(new CopyTaskConfig(8, 1, 20), CopyTaskConfig.defaults());
        TaskChecks.assertRejected("copy.bits", () -> new CopyTaskConfig(0, 1, 20));
        TaskChecks.assertRejected("copy.minLength", () -> new CopyTaskConfig(8, 0, 20));
        TaskChecks.assertRejected("copy.maxLength must be >= copy.minLength (3) but was 2",
                () -> new CopyTaskConfig(8, 3, 2));
    }
}
