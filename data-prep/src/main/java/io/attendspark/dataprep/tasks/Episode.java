package io.attendspark.dataprep.tasks;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One episode of an NTM algorithmic task (Graves, Wayne, Danihelka 2014, arXiv:1410.5401v2, §4):
 * the input sequence fed to the network, the target sequence it should emit, and which steps of
 * the target are scored. Channels are rows, time steps are columns. The input mask is implicitly
 * 1 for all {@link #length()} steps.
 *
 * <p>Immutable by convention: the arrays are not copied, so do not modify them. Unlike a plain
 * record, {@link #equals(Object)} and {@link #hashCode()} compare the array contents.
 *
 * @param input      {@code [inputWidth][T]}
 * @param target     {@code [outputWidth][T]}
 * @param targetMask {@code [T]}, 1 where the output is scored, 0 elsewhere
 */
public record Episode(float[][] input, float[][] target, float[] targetMask) implements Serializable {

    public Episode {
        if (input == null || target == null || targetMask == null) {
            throw new IllegalArgumentException("episode input, target and targetMask must not be null");
        }
        int steps = targetMask.length;
        if (steps < 1) {
            throw new IllegalArgumentException("episode length must be >= 1 but was " + steps);
        }
        checkRows("input", input, steps);
        checkRows("target", target, steps);
    }

    private static void checkRows(String name, float[][] rows, int steps) {
        if (rows.length < 1) {
            throw new IllegalArgumentException("episode " + name + " must have >= 1 channel but had 0");
        }
        for (int c = 0; c < rows.length; c++) {
            if (rows[c] == null || rows[c].length != steps) {
                throw new IllegalArgumentException("episode " + name + " channel " + c + " must have "
                        + steps + " steps (the targetMask length) but had "
                        + (rows[c] == null ? "null" : rows[c].length));
            }
        }
    }

    /** Number of time steps T. */
    public int length() {
        return targetMask.length;
    }

    /** Number of input channels. */
    public int inputWidth() {
        return input.length;
    }

    /** Number of target channels. */
    public int outputWidth() {
        return target.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Episode e
                && Arrays.deepEquals(input, e.input)
                && Arrays.deepEquals(target, e.target)
                && Arrays.equals(targetMask, e.targetMask);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(input) + Arrays.deepHashCode(target)) + Arrays.hashCode(targetMask);
    }

    @Override
    public String toString() {
        return "Episode[T=" + length() + ", input=" + Arrays.deepToString(input)
                + ", target=" + Arrays.deepToString(target) + ", targetMask=" + Arrays.toString(targetMask) + "]";
    }
}
