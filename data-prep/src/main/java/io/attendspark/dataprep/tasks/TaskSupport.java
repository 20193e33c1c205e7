package io.attendspark.dataprep.tasks;

import java.util.SplittableRandom;

/** Validation and drawing helpers shared by the task configs and generators. */
final class TaskSupport {
    private TaskSupport() {
    }

    /** Throws unless {@code value >= min}, e.g. "copy.bits must be >= 1 but was 0". */
    static void requireAtLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + " but was " + value);
        }
    }

    /** Throws unless {@code value >= other}, e.g. "copy.maxLength must be >= copy.minLength (3) but was 2". */
    static void requireAtLeastField(String field, long value, String otherField, long other) {
        if (value < other) {
            throw new IllegalArgumentException(
                    field + " must be >= " + otherField + " (" + other + ") but was " + value);
        }
    }

    /** Throws unless the longest episode length {@code length} (computed in long) fits an int. */
    static void requireIntLength(String task, long length) {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    task + " longest episode length must be <= " + Integer.MAX_VALUE + " but was " + length);
        }
    }

    /** One fair bit as 0 or 1: one {@link SplittableRandom#nextBoolean()} draw. */
    static float bit(SplittableRandom rng) {
        return rng.nextBoolean() ? 1f : 0f;
    }

    /**
     * Fills {@code rows[0..bits-1]} at steps {@code t0 .. t0+steps-1} with fair bits, drawn step by
     * step and, within a step, channel 0 first.
     */
    static void drawBits(SplittableRandom rng, float[][] rows, int bits, int t0, int steps) {
        for (int t = t0; t < t0 + steps; t++) {
            for (int c = 0; c < bits; c++) {
                rows[c][t] = bit(rng);
            }
        }
    }

    /** Copies {@code src[0..bits-1]} steps {@code from..from+steps-1} to {@code dst} starting at step {@code to}. */
    static void copySteps(float[][] src, int from, float[][] dst, int to, int bits, int steps) {
        for (int c = 0; c < bits; c++) {
            System.arraycopy(src[c], from, dst[c], to, steps);
        }
    }

    /** Sets {@code mask[from..from+steps-1]} to 1. */
    static void score(float[] mask, int from, int steps) {
        java.util.Arrays.fill(mask, from, from + steps, 1f);
    }
}
