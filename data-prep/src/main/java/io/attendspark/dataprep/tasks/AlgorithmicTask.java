package io.attendspark.dataprep.tasks;

import java.io.Serializable;

/**
 * An NTM algorithmic task (Graves, Wayne, Danihelka 2014, arXiv:1410.5401v2, §4): a generator of
 * input/target episodes. Implementations are pure functions of their config, a seed and an example
 * index, drawing all randomness from {@link io.attendspark.dataprep.Seeds#forExample(long, long)},
 * so example {@code index} is identical whichever executor or order makes it.
 */
public interface AlgorithmicTask extends Serializable {

    /** Short name of the task, e.g. {@code "copy"}. */
    String name();

    /** Channels of every episode's input. */
    int inputWidth();

    /** Channels of every episode's target. */
    int outputWidth();

    /** Largest episode length T this config can produce. */
    int maxLength();

    /** Episode {@code index} under {@code seed}. */
    Episode episode(long seed, long index);
}
