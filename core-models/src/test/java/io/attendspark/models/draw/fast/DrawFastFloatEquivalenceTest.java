package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.attendspark.models.draw.fast.DrawFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float (as in training, where the fast layer's gemm operands and results are float arrays with
 * their own conversions): score and full parameter gradient of the fast layer equal the SameDiff
 * {@code DrawLayer}'s to float rounding, with and without attention, on non-square images and with
 * sizes where no two weights have the same shape (so a swapped or mis-transposed product shows).
 */
class DrawFastFloatEquivalenceTest {

    /** Relative tolerance: float rounding through T = 3 steps of small LSTMs. */
    static final double TOL = 2e-5;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    static void check(DrawConfig c, int batch) {
        ComputationGraph sd = DrawModels.build(c);
        ComputationGraph fast = DrawModels.buildFast(c);
        assertEquals(DataType.FLOAT, fast.params().dataType());
        perturb(sd, c.seed() + 1, 0.3);
        fast.setParams(sd.params().dup());
        INDArray x = images(c.seed() + 2, batch, c.height(), c.width()), y = labels(batch);
        Object[] rs = scoreAndGradient(sd, x, y, 99), rf = scoreAndGradient(fast, x, y, 99);
        double ss = (double) rs[0], sf = (double) rf[0];
        INDArray gs = (INDArray) rs[1], gf = (INDArray) rf[1];
        double scale = gs.amaxNumber().doubleValue(), gradAbs = maxAbs(gs, gf);
        System.out.printf("draw fast vs SameDiff (float) %s: score %.7f vs %.7f, grad abs %.3g (max |g| %.3g);"
                        + " per param %s%n", (c.attention() ? "attention" : "no attention") + "/" + c.height() + "x"
                        + c.width(), ss, sf, gradAbs, scale, perParam(sd, gs, gf));
        assertTrue(Math.abs(ss - sf) < TOL * Math.abs(ss), "scores differ: " + ss + " vs " + sf);
        assertTrue(gradAbs < TOL * scale, "gradients differ: abs " + gradAbs + " " + perParam(sd, gs, gf));
    }

    @Test
    void attentionEqualsSameDiffInFloat() {
        check(SMALL.withImage(6, 7), 3);
    }

    @Test
    void withoutAttentionEqualsSameDiffInFloat() {
        check(SMALL.withAttention(false).withImage(5, 6), 3);
    }
}
