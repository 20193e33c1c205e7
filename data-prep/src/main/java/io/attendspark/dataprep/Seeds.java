package io.attendspark.dataprep;

import java.util.SplittableRandom;

/**
 * One seeded random stream per (seed, stream, index): every generator in data-prep is a pure
 * function of its config, a seed and an example index, so an example never depends on which
 * executor made it or on what was generated before it.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The random stream of example {@code index} under {@code seed}. */
    public static SplittableRandom forExample(long seed, long index) {
        return new SplittableRandom(mix(mix(seed) ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    /**
     * A stream for a named use ({@code stream}) of example {@code index}, independent of
     * {@link #forExample(long, long)} and of other streams.
     */
    public static SplittableRandom forExample(long seed, long stream, long index) {
        return forExample(mix(seed ^ mix(stream + 0x9E3779B97F4A7C15L)), index);
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A Fisher–Yates permutation of {@code 0..n-1} drawn from {@code new SplittableRandom(seed)}. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
