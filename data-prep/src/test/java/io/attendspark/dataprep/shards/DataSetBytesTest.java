package io.attendspark.dataprep.shards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** {@link DataSetBytes#fromBytes} reads what DL4J's own loader reads from the same bytes. */
class DataSetBytesTest {

    @Test
    void readsFeaturesAndLabelsLikeDl4jsLoader() {
        Nd4j.getRandom().setSeed(3);
        DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28), Nd4j.rand(DataType.FLOAT, 64, 10));
        assertSameAsDl4j(DataSetBytes.toBytes(d));
        DataSet back = DataSetBytes.fromBytes(DataSetBytes.toBytes(d));
        assertEquals(d.getFeatures(), back.getFeatures());
        assertEquals(d.getLabels(), back.getLabels());
    }

    @Test
    void readsMasksDoublesAndMetadataLikeDl4jsLoader() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 9, 41);
        DataSet d = new DataSet(x, Nd4j.rand(DataType.DOUBLE, 3, 8, 41), Nd4j.ones(DataType.DOUBLE, 3, 41),
                Nd4j.zeros(DataType.DOUBLE, 3, 41));
        d.setExampleMetaData(List.of("a", "b", "c"));
        DataSet back = assertSameAsDl4j(DataSetBytes.toBytes(d));
        assertEquals(List.of("a", "b", "c"), back.getExampleMetaData());
        assertEquals(d.getLabelsMaskArray(), back.getLabelsMaskArray());

        DataSet selfLabelled = new DataSet(x, x);
        DataSet back2 = DataSetBytes.fromBytes(DataSetBytes.toBytes(selfLabelled));
        assertSame(back2.getFeatures(), back2.getLabels());
        assertNull(back2.getFeaturesMaskArray());
    }

    @Test
    void theStreamReadsEveryByteOnceThenEnds() {
        byte[] b = {1, (byte) 200, 3, 4, 5};
        DataSetBytes.UnsyncedBytes in = new DataSetBytes.UnsyncedBytes(b);
        assertEquals(5, in.available());
        assertEquals(1, in.read());
        assertEquals(200, in.read());
        assertEquals(1, in.skip(1));
        byte[] rest = new byte[4];
        assertEquals(2, in.read(rest, 1, 3));
        assertArrayEquals(new byte[]{0, 4, 5, 0}, rest);
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(rest, 0, 1));
        assertEquals(0, in.read(rest, 0, 0));
    }

    private static DataSet assertSameAsDl4j(byte[] bytes) {
        DataSet expected = new DataSet();
        expected.load(new ByteArrayInputStream(bytes));
        DataSet actual = DataSetBytes.fromBytes(bytes);
        assertEquals(expected.getFeatures(), actual.getFeatures());
        assertEquals(expected.getLabels(), actual.getLabels());
        assertEquals(expected.getFeaturesMaskArray(), actual.getFeaturesMaskArray());
        assertEquals(expected.getLabelsMaskArray(), actual.getLabelsMaskArray());
        return actual;
    }
}
