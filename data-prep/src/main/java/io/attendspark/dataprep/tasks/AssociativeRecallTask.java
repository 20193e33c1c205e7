package io.attendspark.dataprep.tasks;

import io.attendspark.dataprep.Seeds;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The associative recall task (Graves et al. 2014, arXiv:1410.5401v2, §4.3).
 *
 * <p>Encoding, with n items of k = itemLength vectors, query item q and
 * T = n(k+1) + 1 + k + 1 + k: input width bits+2. Item i occupies steps i(k+1)..i(k+1)+k: a
 * delimiter step with 1 on channel {@code bits}, then its k vectors on channels 0..bits-1. Step
 * n(k+1) has the query delimiter 1 on channel bits+1, the next k steps carry item q, the step after
 * them the query delimiter again, and the last k steps are zero. Target width bits: the last k
 * steps carry item q+1; the target mask is 1 exactly there.
 *
 * <p>Draw order from {@link Seeds#forExample(long, long)}: n ({@code nextInt(minItems, maxItems + 1)}),
 * then the bits of item 0, 1, .., n-1, each vector by vector, channel 0 first, one
 * {@code nextBoolean()} each, then q ({@code nextInt(n - 1)}, uniform in 0..n-2).
 */
public record AssociativeRecallTask(AssociativeRecallTaskConfig config) implements AlgorithmicTask {

    public AssociativeRecallTask {
        Objects.requireNonNull(config, "associative recall task config");
    }

    @Override
    public String name() {
        return "associativeRecall";
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
        return episodeLength(config.maxItems(), config.itemLength());
    }

    /** T for {@code items} items of {@code itemLength} vectors. */
    static int episodeLength(int items, int itemLength) {
        return items * (itemLength + 1) + 1 + itemLength + 1 + itemLength;
    }

    /** First step of the vectors of item {@code item} (one step after its delimiter). */
    static int itemStart(int item, int itemLength) {
        return item * (itemLength + 1) + 1;
    }

    @Override
    public Episode episode(long seed, long index) {
        SplittableRandom rng = Seeds.forExample(seed, index);
        int bits = config.bits();
        int k = config.itemLength();
        int items = rng.nextInt(config.minItems(), config.maxItems() + 1);
        int steps = episodeLength(items, k);
        float[][] input = new float[bits + 2][steps];
        float[][] target = new float[bits][steps];
        float[] mask = new float[steps];
        for (int i = 0; i < items; i++) {
            input[bits][i * (k + 1)] = 1f;
            TaskSupport.drawBits(rng, input, bits, itemStart(i, k), k);
        }
        int query = rng.nextInt(items - 1);
        int queryDelimiter = items * (k + 1);
        input[bits + 1][queryDelimiter] = 1f;
        TaskSupport.copySteps(input, itemStart(query, k), input, queryDelimiter + 1, bits, k);
        input[bits + 1][queryDelimiter + 1 + k] = 1f;
        int answer = steps - k;
        TaskSupport.copySteps(input, itemStart(query + 1, k), target, answer, bits, k);
        TaskSupport.score(mask, answer, k);
        return new Episode(input, target, mask);
    }
}
