package io.attendspark.dataprep.tasks;

import java.io.Serializable;

import static io.attendspark.dataprep.tasks.TaskSupport.requireAtLeast;
import static io.attendspark.dataprep.tasks.TaskSupport.requireIntLength;

/**
 * Configuration of the priority sort task (Graves et al. 2014, arXiv:1410.5401v2, §4.5):
 * {@code inputs} random {@code bits}-bit vectors, each with a priority uniform in [-1, 1); the
 * network must emit the {@code outputs} highest-priority vectors, highest first.
 *
 * @param bits    bits per vector (paper: 8)
 * @param inputs  vectors presented (paper: 20)
 * @param outputs vectors to emit, at most {@code inputs} (paper: 16)
 */
public record PrioritySortTaskConfig(int bits, int inputs, int outputs) implements Serializable {

    public PrioritySortTaskConfig {
        requireAtLeast("prioritySort.bits", bits, 1);
        requireAtLeast("prioritySort.inputs", inputs, 1);
        requireAtLeast("prioritySort.outputs", outputs, 1);
        if (outputs > inputs) {
            throw new IllegalArgumentException(
                    "prioritySort.outputs must be <= prioritySort.inputs (" + inputs + ") but was " + outputs);
        }
        requireIntLength("prioritySort", (long) inputs + 1 + outputs);
    }

    /** The paper's setting: 8 bits, 20 inputs, the 16 highest-priority emitted. */
    public static PrioritySortTaskConfig defaults() {
        return new PrioritySortTaskConfig(8, 20, 16);
    }
}
