package io.attendspark.models.ntm;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigmoidCrossEntropyLossTest {

    private final SigmoidCrossEntropyLoss loss = new SigmoidCrossEntropyLoss();
    private final ActivationSigmoid sigmoid = new ActivationSigmoid();

    private static INDArray row(DataType dt, double... v) {
        return Nd4j.createFromArray(v).castTo(dt).reshape(1, v.length);
    }

    @Test
    void scoreMatchesHandComputedValues() {
        INDArray z = row(DataType.DOUBLE, 0, 3, -30, 40);
        INDArray y = row(DataType.DOUBLE, 1, 0, 1, 1);
        INDArray s = loss.computeScoreArray(y, z, sigmoid, null);
        assertEquals(Math.log(2), s.getDouble(0, 0), 1e-12);                          // −log σ(0)
        assertEquals(3 + Math.log1p(Math.exp(-3)), s.getDouble(0, 1), 1e-12);         // −log(1 − σ(3))
        assertEquals(30 + Math.log1p(Math.exp(-30)), s.getDouble(0, 2), 1e-12);       // −log σ(−30), no clip
        assertEquals(0.0, s.getDouble(0, 3), 1e-15);                                   // log(1 + e^{−40})
        assertEquals(s.sumNumber().doubleValue(), loss.computeScore(y, z, sigmoid, null, false), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] zs = {-40, -5, -0.3, 0, 0.7, 2, 25};
        for (double target : new double[]{0, 1}) {
            for (double z0 : zs) {
                INDArray y = row(DataType.DOUBLE, target);
                double h = 1e-6;
                double numeric = (loss.computeScore(y, row(DataType.DOUBLE, z0 + h), sigmoid, null, false)
                        - loss.computeScore(y, row(DataType.DOUBLE, z0 - h), sigmoid, null, false)) / (2 * h);
                double analytic = loss.computeGradient(y, row(DataType.DOUBLE, z0), sigmoid, null).getDouble(0, 0);
                assertEquals(numeric, analytic, 1e-7, "z=" + z0 + " y=" + target);
            }
        }
    }

    /** The reason for this class: DL4J's XENT all but loses the gradient of a confidently wrong bit. */
    @Test
    void confidentlyWrongBitKeepsItsGradientInFloat32() {
        INDArray z = row(DataType.FLOAT, 18, -14);
        INDArray y = row(DataType.FLOAT, 0, 1);
        INDArray ours = loss.computeGradient(y, z, sigmoid, null);
        assertEquals(1.0, ours.getDouble(0, 0), 1e-6);
        assertEquals(-1.0, ours.getDouble(0, 1), 1e-5);
        INDArray dl4j = new LossBinaryXENT().computeGradient(y, z.dup(), sigmoid, null);
        assertTrue(Math.abs(dl4j.getDouble(0, 0)) < 1e-3 && Math.abs(dl4j.getDouble(0, 1)) < 1e-1,
                "DL4J's XENT gradient at saturation: " + dl4j);
    }

    @Test
    void maskedRowsCountNothing() {
        INDArray z = Nd4j.createFromArray(new double[][]{{2, -1}, {5, 5}});
        INDArray y = Nd4j.createFromArray(new double[][]{{0, 1}, {0, 0}});
        INDArray mask = Nd4j.createFromArray(new double[][]{{1}, {0}});
        INDArray g = loss.computeGradient(y, z, sigmoid, mask);
        assertEquals(0.0, g.getRow(1).sumNumber().doubleValue(), 0.0);
        assertEquals(1 / (1 + Math.exp(-2)), g.getDouble(0, 0), 1e-12);
        double unmasked = loss.computeScore(y.getRow(0, true), z.getRow(0, true), sigmoid, null, false);
        assertEquals(unmasked, loss.computeScore(y, z, sigmoid, mask, false), 1e-12);
        assertEquals(unmasked / 2, loss.computeScore(y, z, sigmoid, mask, true), 1e-12);
    }

    @Test
    void rejectsOtherActivationsAndShapes() {
        INDArray z = row(DataType.DOUBLE, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.computeGradient(z, z, new ActivationIdentity(), null));
        assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> loss.computeScore(row(DataType.DOUBLE, 1), z, sigmoid, null, false));
        assertTrue(e.getMessage().contains("[1, 1]") && e.getMessage().contains("[1, 2]"), e.getMessage());
    }
}
