package io.attendspark.dataprep.tasks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks shared by the task tests. */
final class TaskChecks {
    private TaskChecks() {
    }

    /** Same (config, seed, index) gives equal episodes, also from a freshly built task and out of order. */
    static void assertDeterministic(AlgorithmicTask task, AlgorithmicTask sameConfig) {
        Episode later = task.episode(42L, 7L);
        task.episode(42L, 3L);
        Episode again = sameConfig.episode(42L, 7L);
        assertNotSame(later, again);
        assertEquals(later, again);
        assertEquals(task.episode(-5L, 1_000_000_000_000L), sameConfig.episode(-5L, 1_000_000_000_000L));
    }

    /** Different indices, and different seeds, give different episodes. */
    static void assertVaries(AlgorithmicTask task) {
        Set<Episode> byIndex = new HashSet<>();
        Set<Episode> bySeed = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            byIndex.add(task.episode(42L, i));
            bySeed.add(task.episode(1000L + i, 5L));
        }
        assertEquals(10, byIndex.size(), "distinct episodes over 10 indices");
        assertEquals(10, bySeed.size(), "distinct episodes over 10 seeds");
    }

    /** Every episode's widths match the task's and its length is within maxLength. */
    static void assertShape(AlgorithmicTask task, Episode e) {
        assertEquals(task.inputWidth(), e.inputWidth());
        assertEquals(task.outputWidth(), e.outputWidth());
        assertTrue(e.length() >= 1 && e.length() <= task.maxLength(),
                "length " + e.length() + " within 1.." + task.maxLength());
    }

    /** {@code value} is exactly 0 or 1. */
    static void assertBit(float value) {
        assertTrue(value == 0f || value == 1f, "bit must be 0 or 1 but was " + value);
    }

    /** The task survives Java serialization (as it must to reach Spark executors). */
    static void assertSerializable(AlgorithmicTask task) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(task);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            AlgorithmicTask copy = (AlgorithmicTask) in.readObject();
            assertEquals(task, copy);
            assertEquals(task.episode(3L, 9L), copy.episode(3L, 9L));
        }
    }

    /** Building the config throws IllegalArgumentException naming {@code field}. */
    static void assertRejected(String field, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().contains(field), "message '" + e.getMessage() + "' names " + field);
    }

    /** Asserts the mean of the bits seen lies in 0.47..0.53. */
    static void assertBalanced(long ones, long count) {
        assertTrue(count > 10_000, "enough bits: " + count);
        double mean = (double) ones / count;
        assertTrue(mean >= 0.47 && mean <= 0.53, "bit mean " + mean);
    }
}
