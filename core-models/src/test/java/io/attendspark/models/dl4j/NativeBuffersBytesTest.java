package io.attendspark.models.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeBuffersBytesTest {

    @Test
    void floatBytesAreTheValuesInOrderAndWritesGoIntoTheArray() {
        INDArray a = Nd4j.createFromArray(new float[][] {{1.5f, -2f}, {3.25f, 7f}});
        ByteBuffer b = NativeBuffers.bytes(a);
        assertEquals(16, b.remaining());
        for (int i = 0; i < 4; i++) {
            assertEquals(a.getFloat(i / 2, i % 2), b.getFloat(4 * i));
        }
        b.putFloat(8, 42f);
        assertEquals(42f, a.getFloat(1, 0));
    }

    @Test
    void doubleBytesAreTheValuesInOrder() {
        INDArray a = Nd4j.createFromArray(new double[] {0.1, 0.2, -0.3});
        ByteBuffer b = NativeBuffers.bytes(a);
        assertEquals(24, b.remaining());
        assertEquals(-0.3, b.getDouble(16));
    }

    @Test
    void aViewIsRejected() {
        INDArray a = Nd4j.create(DataType.FLOAT, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> NativeBuffers.bytes(a.getRow(1)));
        assertThrows(IllegalArgumentException.class, () -> NativeBuffers.bytes(a.transpose()));
    }
}
