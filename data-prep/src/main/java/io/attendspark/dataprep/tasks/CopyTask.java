package io.attendspark.dataprep.tasks;

import io.attendspark.dataprep.Seeds;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The copy task (Graves et al. 2014, arXiv:1410.5401v2, §4.1).
 *
 * <p>Encoding, with L the sequence length and T = 2L+1: input width bits+1, steps 0..L-1 carry the
 * vectors on channels 0..bits-1, step L carries the delimiter 1 on channel {@code bits}, steps
 * L+1..2L are zero. Target width bits: steps L+1..2L carry the vectors in order; the target mask
 * is 1 exactly there.
 *
 * <p>Draw order from {@link Seeds#forExample(long, long)}: L uniform in [minLength, maxLength]
 * ({@code nextInt(minLength, maxLength + 1)}), then the bits, vector by vector, channel 0 first,
 * one {@code nextBoolean()} each.
 */
public record CopyTask(CopyTaskConfig config) implements AlgorithmicTask {

    public CopyTask {
        Objects.requireNonNull(config, "copy task config");
    }

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public int inputWidth() {
        return config.bits() + 1;
    }

    @Override
    public int outputWidth() {
        return config.bits();
    }

    @Override
    public int maxLength() {
        return 2 * config.maxLength() + 1;
    }

    @Override
    public Episode episode(long seed, long index) {
        SplittableRandom rng = Seeds.forExample(seed, index);
        int bits = config.bits();
        int length = rng.nextInt(config.minLength(), config.maxLength() + 1);
        int steps = 2 * length + 1;
        float[][] input = new float[bits + 1][steps];
        float[][] target = new float[bits][steps];
        float[] mask = new float[steps];
        TaskSupport.drawBits(rng, input, bits, 0, length);
        input[bits][length] = 1f;
        TaskSupport.copySteps(input, 0, target, length + 1, bits, length);
        TaskSupport.score(mask, length + 1, length);
        return new Episode(input, target, mask);
    }
}
