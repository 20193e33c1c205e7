package io.attendspark.dataprep.tasks;

import java.io.Serializable;

import static io.attendspark.dataprep.tasks.TaskSupport.requireAtLeast;
import static io.attendspark.dataprep.tasks.TaskSupport.requireAtLeastField;
import static io.attendspark.dataprep.tasks.TaskSupport.requireIntLength;

/**
 * Configuration of the associative recall task (Graves et al. 2014, arXiv:1410.5401v2, §4.3): a
 * list of {@code minItems..maxItems} items, each {@code itemLength} random {@code bits}-bit vectors;
 * given one item as query, the network must emit the item that followed it.
 *
 * @param bits       bits per vector (paper: 6)
 * @param itemLength vectors per item (paper: 3)
 * @param minItems   fewest items, at least 2 so that a query has a successor (paper: 2)
 * @param maxItems   most items (paper: 6 in training)
 */
public record AssociativeRecallTaskConfig(int bits, int itemLength, int minItems, int maxItems)
        implements Serializable {

    public AssociativeRecallTaskConfig {
        requireAtLeast("associativeRecall.bits", bits, 1);
        requireAtLeast("associativeRecall.itemLength", itemLength, 1);
        requireAtLeast("associativeRecall.minItems", minItems, 2);
        requireAtLeastField("associativeRecall.maxItems", maxItems, "associativeRecall.minItems", minItems);
        requireIntLength("associativeRecall", (long) maxItems * (itemLength + 1L) + 2L + 2L * itemLength);
    }

    /** The paper's training setting: 6 bits, 3 vectors per item, 2..6 items. */
    public static AssociativeRecallTaskConfig defaults() {
        return new AssociativeRecallTaskConfig(6, 3, 2, 6);
    }
}
