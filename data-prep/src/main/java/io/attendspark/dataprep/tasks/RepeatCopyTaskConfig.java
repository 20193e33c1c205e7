package io.attendspark.dataprep.tasks;

import java.io.Serializable;

import static io.attendspark.dataprep.tasks.TaskSupport.requireAtLeast;
import static io.attendspark.dataprep.tasks.TaskSupport.requireAtLeastField;
import static io.attendspark.dataprep.tasks.TaskSupport.requireIntLength;

/**
 * Configuration of the repeat copy task (Graves et al. 2014, arXiv:1410.5401v2, §4.2): a sequence
 * of {@code minLength..maxLength} random vectors and a repeat count in {@code minRepeats..maxRepeats},
 * presented to the network normalised as {@code (R - repeatMean) / repeatStd}. The normalisation
 * constants are fields so that a generalisation set (e.g. twice the repeats) keeps the training
 * statistics.
 *
 * @param bits       bits per vector (paper: 8)
 * @param minLength  shortest sequence (paper: 1)
 * @param maxLength  longest sequence (paper: 10)
 * @param minRepeats fewest repeats (paper: 1)
 * @param maxRepeats most repeats (paper: 10)
 * @param repeatMean mean used to normalise the repeat count (default 5.5, the mean of uniform 1..10)
 * @param repeatStd  standard deviation used to normalise it (default sqrt(8.25), that of uniform 1..10)
 */
public record RepeatCopyTaskConfig(int bits, int minLength, int maxLength, int minRepeats, int maxRepeats,
                                   double repeatMean, double repeatStd) implements Serializable {

    public RepeatCopyTaskConfig {
        requireAtLeast("repeatCopy.bits", bits, 1);
        requireAtLeast("repeatCopy.minLength", minLength, 1);
        requireAtLeastField("repeatCopy.maxLength", maxLength, "repeatCopy.minLength", minLength);
        requireAtLeast("repeatCopy.minRepeats", minRepeats, 1);
        requireAtLeastField("repeatCopy.maxRepeats", maxRepeats, "repeatCopy.minRepeats", minRepeats);
        if (!Double.isFinite(repeatMean)) {
            throw new IllegalArgumentException("repeatCopy.repeatMean must be finite but was " + repeatMean);
        }
        if (!(repeatStd > 0) || !Double.isFinite(repeatStd)) {
            throw new IllegalArgumentException("repeatCopy.repeatStd must be finite and > 0 but was " + repeatStd);
        }
        requireIntLength("repeatCopy", (long) maxLength + 2 + (long) maxLength * maxRepeats + 1);
    }

    /** The paper's training setting: 8 bits, lengths 1..10, repeats 1..10, normalised by their mean and std. */
    public static RepeatCopyTaskConfig defaults() {
        return new RepeatCopyTaskConfig(8, 1, 10, 1, 10, 5.5, Math.sqrt(8.25));
    }
}
