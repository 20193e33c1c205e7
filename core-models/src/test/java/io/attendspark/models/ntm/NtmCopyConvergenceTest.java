package io.attendspark.models.ntm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny copy task (Graves et al. §4.1, scaled down): 4-bit vectors, lengths 1–3, a delimiter on a
 * fifth input channel, then the sequence must be reproduced with no input. A small NTM must reach
 * zero bit errors on a held-out batch within a bounded number of updates.
 */
@Tag("slow")
class NtmCopyConvergenceTest {

    static final int BITS = 4, MAX_LENGTH = 3, STEPS = 2 * MAX_LENGTH + 1;
    private static final int BATCH = 32, MAX_ITERATIONS = 600, EVAL_EVERY = 20;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** {@code b} copy episodes: features [b, 5, 7], labels [b, 4, 7], masks [b, 7] (labels: the answer steps). */
    static DataSet copyEpisodes(SplittableRandom random, int b) {
        INDArray features = Nd4j.zeros(DataType.FLOAT, b, BITS + 1, STEPS);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, b, BITS, STEPS);
        INDArray featureMask = Nd4j.zeros(DataType.FLOAT, b, STEPS);
        INDArray labelMask = Nd4j.zeros(DataType.FLOAT, b, STEPS);
        for (int i = 0; i < b; i++) {
            int length = 1 + random.nextInt(MAX_LENGTH);
            for (int t = 0; t < length; t++) {
                for (int k = 0; k < BITS; k++) {
                    float bit = random.nextBoolean() ? 1f : 0f;
                    features.putScalar(new long[]{i, k, t}, bit);
                    labels.putScalar(new long[]{i, k, length + 1 + t}, bit);
                }
                labelMask.putScalar(new long[]{i, length + 1 + t}, 1f);
            }
            features.putScalar(new long[]{i, BITS, length}, 1f);                      // delimiter
            for (int t = 0; t <= 2 * length; t++) {
                featureMask.putScalar(new long[]{i, t}, 1f);                          // the rest is padding
            }
        }
        return new DataSet(features, labels, featureMask, labelMask);
    }

    static NtmConfig tinyCopy() {
        return NtmConfig.defaults().withWidths(BITS + 1, BITS).withController(NtmConfig.Controller.LSTM, 32)
                .withMemory(8, 6, 1, 1).withSteps(STEPS)
                .withOptimizer(NtmConfig.Optimizer.ADAM, 2e-2, NtmConfig.Clipping.L2_PER_LAYER, 50).withSeed(1);
    }

    @Test
    void copiesShortSequencesWithoutBitErrors() {
        ComputationGraph graph = NtmModels.build(tinyCopy());
        SplittableRandom random = new SplittableRandom(2026);
        DataSet heldOut = copyEpisodes(new SplittableRandom(7), 64);
        double initialBits = NtmModels.bitsPerSequence(graph, heldOut);
        double errors = Double.NaN;
        int iteration = 0;
        long start = System.nanoTime();
        while (iteration < MAX_ITERATIONS) {
            graph.fit(copyEpisodes(random, BATCH));
            iteration++;
            if (iteration % EVAL_EVERY == 0) {
                errors = NtmModels.bitErrorsPerSequence(graph, heldOut);
                System.out.printf("iteration %d: bit errors/seq %.3f%n", iteration, errors);
                if (errors == 0) {
                    break;
                }
            }
        }
        double bits = NtmModels.bitsPerSequence(graph, heldOut);
        System.out.printf("tiny copy: %d iterations, %.1f s, bit errors/seq %.3f, bits/seq %.3f (start %.2f)%n",
                iteration, (System.nanoTime() - start) / 1e9, errors, bits, initialBits);
        assertEquals(0.0, errors, "bit errors per sequence on the held-out batch after " + iteration + " updates");
        assertTrue(bits < 0.25 * initialBits, "cost must fall: " + initialBits + " -> " + bits);
    }
}
