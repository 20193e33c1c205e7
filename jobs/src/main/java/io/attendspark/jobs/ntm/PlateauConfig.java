package io.attendspark.jobs.ntm;

import java.io.Serializable;

/**
 * What the NTM job does with each validation measurement ({@code task.validateEvery}): lower the
 * learning rate when the validation cost stops improving, and undo a relapse. NTMs that have learnt
 * a task can fall back to chance in a few thousand sequences (PAPERS.md §1 recipe; seen here on copy
 * at 22k, 56k and 110k sequences): on a relapse the job restores the parameters and optimiser state
 * of the best validation so far and lowers the learning rate.
 *
 * @param patience        validations without a new best before the learning rate is multiplied by
 *                        {@code factor} (0 = never)
 * @param factor          multiplier of the learning rate on a plateau or a relapse, in (0, 1)
 * @param minLearningRate the learning rate is never lowered below this
 * @param relapseRatio    a validation cost above {@code relapseRatio × best + relapseMarginBits} is a
 *                        relapse (0 = never roll back)
 * @param relapseMarginBits see {@code relapseRatio}, bits per sequence
 */
public record PlateauConfig(int patience, double factor, double minLearningRate, double relapseRatio,
        double relapseMarginBits) implements Serializable {

    public PlateauConfig {
        if (patience < 0) {
            throw new IllegalArgumentException("task.plateau.patience must be >= 0 but was " + patience);
        }
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("task.plateau.factor must be in (0, 1) but was " + factor);
        }
        if (!(minLearningRate >= 0)) {
            throw new IllegalArgumentException("task.plateau.minLearningRate must be >= 0 but was " + minLearningRate);
        }
        if (!(relapseRatio == 0 || relapseRatio >= 1)) {
            throw new IllegalArgumentException("task.plateau.relapseRatio must be 0 (off) or >= 1 but was " + relapseRatio);
        }
        if (!(relapseMarginBits >= 0)) {
            throw new IllegalArgumentException("task.plateau.relapseMarginBits must be >= 0 but was " + relapseMarginBits);
        }
    }

    /** Off: the learning rate stays as configured, nothing is rolled back. */
    public static PlateauConfig off() {
        return new PlateauConfig(0, 0.5, 0, 0, 0);
    }

    boolean enabled() {
        return patience > 0 || relapseRatio > 0;
    }
}
