package io.attendspark.models.ntm;

import io.attendspark.models.samediff.DoublePrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-computed oracles for eqs. (2)–(9) on a 4 × 3 memory (batch 1): content addressing,
 * interpolation, circular shift with wrap-around in both directions, sharpening, read, erase/add.
 */
@ExtendWith(DoublePrecision.class)
class NtmAddressingTest {

    private static final double TOL = 1e-9;
    /** M (4 × 3): three unit rows and one diagonal row. */
    private static final double[][] MEMORY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}};
    private static final double[] W = {0.1, 0.2, 0.3, 0.4};

    private static INDArray memory() {
        return Nd4j.create(MEMORY).reshape(1, 4, 3);
    }

    private static INDArray heads(double[]... rows) {                       // [1, H, len]
        return Nd4j.create(rows).reshape(1, rows.length, rows[0].length);
    }

    private static double[] row(INDArray a, int head) {                     // a [1, H, n]
        return a.reshape(a.size(1), a.size(2)).getRow(head).toDoubleVector();
    }

    @Test
    void contentAddressingIsASoftmaxOfBetaTimesCosine() {
        SameDiff sd = SameDiff.create();
        double[] key = {1, 0.5, 0};
        double beta = 2;
        INDArray w = NtmAddressing.content(sd, sd.constant(memory()), sd.constant(heads(key)),
                sd.constant(heads(new double[]{beta})), 4).eval();
        double keyNorm = Math.sqrt(1.25);
        double[] cos = {1 / (keyNorm + 1e-8), 0.5 / (keyNorm + 1e-8), 0, 1.5 / (keyNorm * Math.sqrt(2) + 1e-8)};
        double z = 0;
        for (double c : cos) {
            z += Math.exp(beta * c);
        }
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = Math.exp(beta * cos[i]) / z;
        }
        assertArrayEquals(expected, row(w, 0), TOL);
        assertEquals(3, argMax(row(w, 0)));          // (1,1,0) is closest in angle: cos 0.949 vs 0.894
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void interpolationMixesContentAndPreviousWeighting() {
        SameDiff sd = SameDiff.create();
        double[] content = {0.7, 0.1, 0.1, 0.1};
        INDArray w = NtmAddressing.interpolate(sd.constant(heads(content)), sd.constant(heads(W)),
                sd.constant(heads(new double[]{0.25}))).eval();
        assertArrayEquals(new double[]{0.25 * 0.7 + 0.75 * 0.1, 0.25 * 0.1 + 0.75 * 0.2, 0.25 * 0.1 + 0.75 * 0.3,
                0.25 * 0.1 + 0.75 * 0.4}, row(w, 0), TOL);
    }

    @Test
    void circularShiftWrapsAroundInBothDirections() {
        SameDiff sd = SameDiff.create();
        INDArray wGated = heads(W, W, W, W);
        INDArray s = heads(new double[]{0, 0, 1}, new double[]{1, 0, 0}, new double[]{0, 1, 0},
                new double[]{0.2, 0.5, 0.3});                                          // s over shifts (−1, 0, +1)
        INDArray w = NtmAddressing.shift(sd, sd.constant(wGated), sd.constant(s), 4, 1).eval();
        assertArrayEquals(new double[]{0.4, 0.1, 0.2, 0.3}, row(w, 0), TOL);            // +1: last wraps to first
        assertArrayEquals(new double[]{0.2, 0.3, 0.4, 0.1}, row(w, 1), TOL);            // −1: first wraps to last
        assertArrayEquals(W, row(w, 2), TOL);
        assertArrayEquals(new double[]{0.21, 0.19, 0.29, 0.31}, row(w, 3), TOL);        // 0.2 w(i+1) + 0.5 w(i) + 0.3 w(i−1)
    }

    @Test
    void shiftRangeTwoMovesTwoRows() {
        SameDiff sd = SameDiff.create();
        INDArray s = heads(new double[]{0, 0, 0, 0, 1}, new double[]{1, 0, 0, 0, 0});    // shifts −2..+2
        INDArray w = NtmAddressing.shift(sd, sd.constant(heads(W, W)), sd.constant(s), 4, 2).eval();
        assertArrayEquals(new double[]{0.3, 0.4, 0.1, 0.2}, row(w, 0), TOL);
        assertArrayEquals(new double[]{0.3, 0.4, 0.1, 0.2}, row(w, 1), TOL);            // ±2 coincide for N = 4
    }

    @Test
    void sharpeningRaisesToGammaAndRenormalises() {
        SameDiff sd = SameDiff.create();
        INDArray w = NtmAddressing.sharpen(sd, sd.constant(heads(W, W)),
                sd.constant(heads(new double[]{2}, new double[]{1}))).eval();
        assertArrayEquals(new double[]{1 / 30.0, 4 / 30.0, 9 / 30.0, 16 / 30.0}, row(w, 0), TOL);
        assertArrayEquals(W, row(w, 1), TOL);                                           // γ = 1 keeps w
    }

    @Test
    void readIsTheWeightedSumOfRows() {
        SameDiff sd = SameDiff.create();
        INDArray r = NtmMemory.read(sd, sd.constant(heads(W, new double[]{0, 0, 1, 0})), sd.constant(memory())).eval();
        assertArrayEquals(new double[]{0.5, 0.6, 0.3}, row(r, 0), TOL);
        assertArrayEquals(new double[]{0, 0, 1}, row(r, 1), TOL);
    }

    @Test
    void writeErasesThenAdds() {
        SameDiff sd = SameDiff.create();
        INDArray m = NtmMemory.write(sd, sd.constant(memory()), sd.constant(heads(new double[]{0, 1, 0.5, 0})),
                sd.constant(heads(new double[]{1, 0.5, 0})), sd.constant(heads(new double[]{0.2, -0.4, 1})), 1).eval();
        INDArray expected = Nd4j.create(new double[][]{{1, 0, 0}, {0.2, 0.1, 1}, {0.1, -0.2, 1.5}, {1, 1, 0}})
                .reshape(1, 4, 3);
        assertEquals(expected, m);
    }

    @Test
    void twoWriteHeadsMultiplyErasesAndSumAdds() {
        SameDiff sd = SameDiff.create();
        INDArray m = NtmMemory.write(sd, sd.constant(memory()),
                sd.constant(heads(new double[]{0, 0, 0, 1}, new double[]{0, 0, 0, 0.5})),
                sd.constant(heads(new double[]{0.5, 1, 0}, new double[]{1, 0, 0})),
                sd.constant(heads(new double[]{0.2, 0, 0}, new double[]{0, 0, 2})), 2).eval();
        // row 3: (1,1,0) ⊙ (1 − (0.5,1,0)) ⊙ (1 − 0.5·(1,0,0)) + (0.2,0,0) + 0.5·(0,0,2) = (0.45, 0, 1)
        assertArrayEquals(new double[]{0.45, 0, 1}, m.reshape(4, 3).getRow(3).toDoubleVector(), TOL);
        assertArrayEquals(new double[]{0, 1, 0}, m.reshape(4, 3).getRow(1).toDoubleVector(), TOL);
    }

    @Test
    void squashingProducesValidHeadParameters() {
        SameDiff sd = SameDiff.create();
        double[] raw = {0.3, -2, 5, /* β */ 0, /* g */ 0, /* γ */ 0, /* s */ 1, 2, 3};
        NtmAddressing.Head h = NtmAddressing.squash(sd, sd.constant(heads(raw)), 3, 3);
        assertArrayEquals(new double[]{Math.tanh(0.3), Math.tanh(-2), Math.tanh(5)}, row(h.key().eval(), 0), TOL);
        assertEquals(Math.log(2), h.beta().eval().getDouble(0), TOL);
        assertEquals(0.5, h.gate().eval().getDouble(0), TOL);
        assertEquals(1 + Math.log(2), h.gamma().eval().getDouble(0), TOL);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[]{Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z}, row(h.shift().eval(), 0), TOL);
    }

    @Test
    void fullAddressingOfAUniformMemoryFallsBackOnLocation() {
        // all rows equal → content weighting uniform; g = 1 → uniform; any shift keeps uniform; sharpening keeps it
        SameDiff sd = SameDiff.create();
        SDVariable mem = sd.constant(Nd4j.valueArrayOf(new long[]{1, 4, 3}, 1e-6));
        NtmAddressing.Head h = NtmAddressing.squash(sd, sd.constant(heads(new double[]{1, 1, 1, 3, 40, 3, 0, 0, 5})), 3, 3);
        double[] w = row(NtmAddressing.address(sd, mem, h, sd.constant(heads(W)), 4, 1).eval(), 0);
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, w, 1e-6);
        assertEquals(DataType.DOUBLE, Nd4j.defaultFloatingPointType());
    }
}
