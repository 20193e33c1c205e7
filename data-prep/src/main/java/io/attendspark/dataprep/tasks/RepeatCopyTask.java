package io.attendspark.dataprep.tasks;

import io.attendspark.dataprep.Seeds;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The repeat copy task (Graves et al. 2014, arXiv:1410.5401v2, §4.2).
 *
 * <p>Encoding, with L the sequence length, R the repeat count and T = L+2+L·R+1: input width
 * bits+2, steps 0..L-1 carry the vectors on channels 0..bits-1, step L the delimiter 1 on channel
 * {@code bits}, step L+1 the normalised count {@code (R - repeatMean) / repeatStd} on channel
 * bits+1, then L·R+1 zero steps. Target width bits+1: steps L+2..L+1+L·R carry the sequence
 * repeated R times, step L+2+L·R the end marker 1 on channel {@code bits}; the target mask is 1 on
 * those L·R+1 steps.
 *
 * <p>Draw order from {@link Seeds#forExample(long, long)}: L ({@code nextInt(minLength, maxLength + 1)}),
 * then R ({@code nextInt(minRepeats, maxRepeats + 1)}), then the bits, vector by vector, channel 0
 * first, one {@code nextBoolean()} each.
 */
public record RepeatCopyTask(RepeatCopyTaskConfig config) implements AlgorithmicTask {

    public RepeatCopyTask {
        Objects.requireNonNull(config, "repeat copy task config");
    }

    @Override
    public String name() {
        return "repeatCopy";
    }

    @Override
    public int inputWidth() {
        return config.bits() + 2;
    }

    @Override
    public int outputWidth() {
        return config.bits() + 1;
    }

    @Override
    public int maxLength() {
        return episodeLength(config.maxLength(), config.maxRepeats());
    }

    /** T for a sequence of {@code length} vectors repeated {@code repeats} times. */
    static int episodeLength(int length, int repeats) {
        return length + 2 + length * repeats + 1;
    }

    @Override
    public Episode episode(long seed, long index) {
        SplittableRandom rng = Seeds.forExample(seed, index);
        int bits = config.bits();
        int length = rng.nextInt(config.minLength(), config.maxLength() + 1);
        int repeats = rng.nextInt(config.minRepeats(), config.maxRepeats() + 1);
        int steps = episodeLength(length, repeats);
        float[][] input = new float[bits + 2][steps];
        float[][] target = new float[bits + 1][steps];
        float[] mask = new float[steps];
        TaskSupport.drawBits(rng, input, bits, 0, length);
        input[bits][length] = 1f;
        input[bits + 1][length + 1] = (float) ((repeats - config.repeatMean()) / config.repeatStd());
        int out = length + 2;
        for (int r = 0; r < repeats; r++) {
            TaskSupport.copySteps(input, 0, target, out + r * length, bits, length);
        }
        target[bits][out + length * repeats] = 1f;
        TaskSupport.score(mask, out, length * repeats + 1);
        return new Episode(input, target, mask);
    }
}
