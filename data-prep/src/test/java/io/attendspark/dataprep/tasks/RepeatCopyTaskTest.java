package io.attendspark.dataprep.tasks;

import io.attendspark.dataprep.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepeatCopyTaskTest {

    @Test
    void tinyEpisodeMatchesHandWrittenEncoding() {
        RepeatCopyTask task = new RepeatCopyTask(new RepeatCopyTaskConfig(2, 2, 2, 2, 2, 5.5, Math.sqrt(8.25)));
        assertEquals(4, task.inputWidth());
        assertEquals(3, task.outputWidth());
        assertEquals(9, task.maxLength());
        float r = (float) ((2 - 5.5) / Math.sqrt(8.25));
        for (long index = 0; index < 20; index++) {
            Episode e = task.episode(3L, index);
            float[][] in = e.input();
            float a0 = in[0][0], a1 = in[1][0], b0 = in[0][1], b1 = in[1][1];
            for (float v : new float[] {a0, a1, b0, b1}) {
                TaskChecks.assertBit(v);
            }
            assertEquals(9, e.length());
            assertArrayEquals(new float[][] {
                {a0, b0, 0, 0, 0, 0, 0, 0, 0},
                {a1, b1, 0, 0, 0, 0, 0, 0, 0},
                {0, 0, 1, 0, 0, 0, 0, 0, 0},
                {0, 0, 0, r, 0, 0, 0, 0, 0}}, e.input());
            assertArrayEquals(new float[][] {
                {0, 0, 0, 0, a0, b0, a0, b0, 0},
                {0, 0, 0, 0, a1, b1, a1, b1, 0},
                {0, 0, 0, 0, 0, 0, 0, 0, 1}}, e.target());
            assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 1}, e.targetMask());
        }
    }

    @Test
    void followsDocumentedDrawOrder() {
        RepeatCopyTaskConfig config = RepeatCopyTaskConfig.defaults();
        Episode e = new RepeatCopyTask(config).episode(5L, 17L);
        SplittableRandom rng = Seeds.forExample(5L, 17L);
        int length = rng.nextInt(config.minLength(), config.maxLength() + 1);
        int repeats = rng.nextInt(config.minRepeats(), config.maxRepeats() + 1);
        assertEquals(length + 2 + length * repeats + 1, e.length());
        for (int t = 0; t < length; t++) {
            for (int c = 0; c < config.bits(); c++) {
                assertEquals(rng.nextBoolean() ? 1f : 0f, e.input()[c][t], "input c=" + c + " t=" + t);
            }
        }
    }

    @Test
    void deterministicAndVaried() throws Exception {
        RepeatCopyTask task = new RepeatCopyTask(RepeatCopyTaskConfig.defaults());
        TaskChecks.assertDeterministic(task,
                new RepeatCopyTask(new RepeatCopyTaskConfig(8, 1, 10, 1, 10, 5.5, Math.sqrt(8.25))));
        TaskChecks.assertVaries(task);
        TaskChecks.assertSerializable(task);
    }

    @Test
    void lengthsAndRepeatsCoverTheConfiguredRangesAndBitsAreBalanced() {
        RepeatCopyTaskConfig config = RepeatCopyTaskConfig.defaults();
        RepeatCopyTask task = new RepeatCopyTask(config);
        int bits = config.bits();
        boolean[] lengths = new boolean[config.maxLength() + 1];
        boolean[] repeatCounts = new boolean[config.maxRepeats() + 1];
        long ones = 0;
        long count = 0;
        for (long index = 0; index < 2000; index++) {
            Episode e = task.episode(99L, index);
            TaskChecks.assertShape(task, e);
            int length = 0;
            while (e.input()[bits][length] == 0f) {
                length++;
            }
            double normalised = e.input()[bits + 1][length + 1];
            int repeats = (int) Math.round(normalised * config.repeatStd() + config.repeatMean());
            assertTrue(length >= config.minLength() && length <= config.maxLength(), "length " + length);
            assertTrue(repeats >= config.minRepeats() && repeats <= config.maxRepeats(), "repeats " + repeats);
            assertEquals(length + 2 + length * repeats + 1, e.length());
            assertEquals(1f, e.target()[bits][e.length() - 1], "end marker on the last step");
            lengths[length] = true;
            repeatCounts[repeats] = true;
            for (int c = 0; c < bits; c++) {
                for (int t = 0; t < length; t++) {
                    ones += (long) e.input()[c][t];
                    count++;
                }
            }
        }
        for (int l = config.minLength(); l <= config.maxLength(); l++) {
            assertTrue(lengths[l], "length " + l + " occurs");
        }
        for (int r = config.minRepeats(); r <= config.maxRepeats(); r++) {
            assertTrue(repeatCounts[r], "repeat count " + r + " occurs");
        }
        TaskChecks.assertBalanced(ones, count);
    }

    @Test
    void generalisationSetKeepsTrainingNormalisation() {
        RepeatCopyTaskConfig config = new RepeatCopyTaskConfig(8, 1, 10, 20, 20, 5.5, Math.sqrt(8.25));
        Episode e = new RepeatCopyTask(config).episode(1L, 2L);
        int length = (e.length() - 3) / 21;
        assertEquals((float) ((20 - 5.5) / Math.sqrt(8.25)), e.input()[9][length + 1]);
    }

    @Test
    void rejectsBadConfigs() {
        assertEquals(new RepeatCopyTaskConfig(8, 1, 10, 1, 10, 5.5, Math.sqrt(8.25)), RepeatCopyTaskConfig.defaults());
        TaskChecks.assertRejected("repeatCopy.bits", () -> new RepeatCopyTaskConfig(0, 1, 10, 1, 10, 5.5, 1));
        TaskChecks.assertRejected("repeatCopy.minLength", () -> new RepeatCopyTaskConfig(8, 0, 10, 1, 10, 5.5, 1));
        TaskChecks.assertRejected("repeatCopy.maxLength must be >= repeatCopy.minLength (3) but was 2",
                () -> new RepeatCopyTaskConfig(8, 3, 2, 1, 10, 5.5, 1));
        TaskChecks.assertRejected("repeatCopy.minRepeats", () -> new RepeatCopyTaskConfig(8, 1, 10, 0, 10, 5.5, 1));
        TaskChecks.assertRejected("repeatCopy.maxRepeats", () -> new RepeatCopyTaskConfig(8, 1, 10, 5, 4, 5.5, 1));
        TaskChecks.assertRejected("repeatCopy.repeatMean",
                () -> new RepeatCopyTaskConfig(8, 1, 10, 1, 10, Double.NaN, 1));
        TaskChecks.assertRejected("repeatCopy.repeatStd", () -> new RepeatCopyTaskConfig(8, 1, 10, 1, 10, 5.5, 0));
        TaskChecks.assertRejected("repeatCopy", () -> new RepeatCopyTaskConfig(8, 1, 100_000, 1, 100_000, 5.5, 1));
    }
}
