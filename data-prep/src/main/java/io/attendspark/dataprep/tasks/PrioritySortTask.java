package io.attendspark.dataprep.tasks;

import io.attendspark.dataprep.Seeds;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The priority sort task (Graves et al. 2014, arXiv:1410.5401v2, §4.5).
 *
 * <p>Encoding, with n = inputs, m = outputs and T = n+1+m: input width bits+2, steps 0..n-1 carry
 * a vector on channels 0..bits-1 and its priority on channel {@code bits}, step n the delimiter 1
 * on channel bits+1, then m zero steps. Target width bits: the last m steps carry the m
 * highest-priority vectors by descending priority (equal priorities keep input order); the target
 * mask is 1 exactly there.
 *
 * <p>Priorities are uniform on the grid {@code (j - 2^23) / 2^23}, j uniform in 0..2^24-1, so every
 * value is an exact float in [-1, 1) and sorting sees exactly what the network sees. Draw order from
 * {@link Seeds#forExample(long, long)}: for each input in turn, its bits (channel 0 first, one
 * {@code nextBoolean()} each), then its priority ({@code nextInt(1 << 24)}).
 */
public record PrioritySortTask(PrioritySortTaskConfig config) implements AlgorithmicTask {

    private static final int PRIORITY_LEVELS = 1 << 24;
    private static final float PRIORITY_SCALE = 1 << 23;

    public PrioritySortTask {
        Objects.requireNonNull(config, "priority sort task config");
    }

    @Override
    public String name() {
        return "prioritySort";
    }

    @Override
    public int inputWidth() {
        return config.bits() + 2;
    }

    @Override
    public int outputWidth() {
        return config.bits();
    }

    @Override
    public int maxLength() {
        return config.inputs() + 1 + config.outputs();
    }

    @Override
    public Episode episode(long seed, long index) {
        SplittableRandom rng = Seeds.forExample(seed, index);
        int bits = config.bits();
        int n = config.inputs();
        int m = config.outputs();
        int steps = maxLength();
        float[][] input = new float[bits + 2][steps];
        float[][] target = new float[bits][steps];
        float[] mask = new float[steps];
        for (int t = 0; t < n; t++) {
            TaskSupport.drawBits(rng, input, bits, t, 1);
            input[bits][t] = (rng.nextInt(PRIORITY_LEVELS) - PRIORITY_SCALE) / PRIORITY_SCALE;
        }
        input[bits + 1][n] = 1f;
        float[] priority = input[bits];
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        // stable sort: equal priorities keep input order
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> priority[i]).reversed());
        for (int j = 0; j < m; j++) {
            TaskSupport.copySteps(input, order[j], target, n + 1 + j, bits, 1);
        }
        TaskSupport.score(mask, n + 1, m);
        return new Episode(input, target, mask);
    }
}
