package io.attendspark.models.samediff;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The M2.1 external-errors doubling is measured and compensated without changing forward values. */
class ExternalErrorsGradientFixTest {

    @Test
    void scaleUndoesTheMeasuredFactor() {
        double probe = ExternalErrorsGradientFix.probe();
        System.out.println("external-errors probe gradient (1.0 = no DL4J bug, 2.0 = M2.1 doubling): " + probe);
        assertEquals(1.0, probe * ExternalErrorsGradientFix.gradientScale(), 0.0);
    }

    @Test
    void forwardValueIsUnchangedExactly() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3);
        SDVariable out = ExternalErrorsGradientFix.apply(sd, "out", in.mul("scaled", 1.0));
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3).subi(0.5).muli(1e3);
        assertEquals(x, sd.output(Map.of("in", x), out.name()).get(out.name()));
    }
}
