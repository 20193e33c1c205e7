package io.attendspark.dataprep.tasks;

import java.io.Serializable;

import static io.attendspark.dataprep.tasks.TaskSupport.requireAtLeast;
import static io.attendspark.dataprep.tasks.TaskSupport.requireAtLeastField;
import static io.attendspark.dataprep.tasks.TaskSupport.requireIntLength;

/**
 * Configuration of the copy task (Graves et al. 2014, arXiv:1410.5401v2, §4.1): sequences of
 * {@code minLength..maxLength} random {@code bits}-bit vectors, to be reproduced after a delimiter.
 *
 * @param bits      bits per vector (paper: 8)
 * @param minLength shortest sequence (paper: 1)
 * @param maxLength longest sequence (paper: 20 in training)
 */
public record CopyTaskConfig(int bits, int minLength, int maxLength) implements Serializable {

    public CopyTaskConfig {
        requireAtLeast("copy.bits", bits, 1);
        requireAtLeast("copy.minLength", minLength, 1);
        requireAtLeastField("copy.maxLength", maxLength, "copy.minLength", minLength);
        requireIntLength("copy", 2L * maxLength + 1);
    }

    /** The paper's training setting: 8 bits, lengths 1..20. */
    public static CopyTaskConfig defaults() {
        return new CopyTaskConfig(8, 1, 20);
    }
}
