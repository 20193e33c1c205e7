package io.attendspark.models.stn.fast;

import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.attendspark.models.stn.fast.StnFastFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A fresh fast transformer (θ = identity) reproduces its input bit for bit, in float and double,
 * for one and three channels, non-square images and a non-zero background, alone and in the ST-CNN.
 */
class SpatialTransformerFastIdentityTest {

    @AfterAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void freshLayerIsTheIdentityInFloatAndDouble() {
        for (DataType t : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.setDefaultDataTypes(t, t);
            for (Setup s : new Setup[]{new Setup(1, 12, 12, 0, 0, 0.0, false), new Setup(3, 13, 11, 0, 0, 0.7, false)}) {
                ComputationGraph g = graph(s, true, null, null);
                INDArray x = images(21, 4, s.channels(), s.height(), s.width(), false).subi(0.5).muli(10);
                INDArray v = g.feedForward(x, false).get("st");
                assertArrayEquals(x.shape(), v.shape());
                assertEquals(x, v, "identity must be exact: " + t + " " + s);
                assertEquals(x, g.feedForward(x, true).get("st"), "training mode, " + t + " " + s);
            }
        }
    }

    @Test
    void freshStCnnTransformerIsTheIdentity() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph g = StnModels.build(StnModelConfig.defaults());
        assertInstanceOf(SpatialTransformerFastLayer.class, g.getLayer("st").conf().getLayer());
        INDArray x = images(5, 6, 1, 28, 28, true);
        assertEquals(x, StnModels.transformed(g, x));
    }
}
