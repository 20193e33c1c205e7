package io.attendspark.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** INDArrays through the job's Kryo set-up come back equal, whatever their type, order or view. */
class BulkNdArraySerializerTest {

    private final Kryo kryo = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrator", KryoRegistrator.class.getName())).newKryo();

    @Test
    void numericArraysOfEveryLayoutComeBackEqual() {
        Nd4j.getRandom().setSeed(2);
        INDArray m = Nd4j.rand(DataType.FLOAT, 6, 5);
        List<INDArray> arrays = List.of(
                m,
                Nd4j.rand(DataType.DOUBLE, 3, 4, 5),
                Nd4j.createFromArray(new int[]{1, -2, 3}),
                Nd4j.createFromArray(new long[]{Long.MAX_VALUE, -1}),
                Nd4j.createFromArray(new boolean[]{true, false, true}),
                m.getRow(2),                                             // view with an offset
                m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)),  // strided view
                m.permute(1, 0),                                         // permuted
                m.dup('f'),                                              // 'f' order
                Nd4j.scalar(DataType.FLOAT, 1.5f),                       // rank 0: ND4J's serializer
                Nd4j.create(DataType.FLOAT, 0, 3));                      // empty
        for (INDArray a : arrays) {
            INDArray back = roundTrip(a);
            assertEquals(a.dataType(), back.dataType(), "type of " + a.shapeInfoToString());
            assertArrayEquals(a.shape(), back.shape(), "shape of " + a.shapeInfoToString());
            assertEquals(a, back, "values of " + a.shapeInfoToString());
        }
    }

    @Test
    void aFloatArrayTakesFourBytesPerValue() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1, 100_000);
        Output out = new Output(1 << 10, -1);
        kryo.writeClassAndObject(out, a);
        assertTrue(out.position() < 400_000 + 100, "serialised size " + out.position());
        assertTrue(out.position() >= 400_000, "serialised size " + out.position());
    }

    private INDArray roundTrip(INDArray a) {
        Output out = new Output(1 << 10, -1);
        kryo.writeClassAndObject(out, a);
        Object back = kryo.readClassAndObject(new Input(out.toBytes()));
        return (INDArray) back;
    }
}
