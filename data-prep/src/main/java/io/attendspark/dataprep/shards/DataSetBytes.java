package io.attendspark.dataprep.shards;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.nd4j.linalg.dataset.DataSet;

/** The bytes of a shard file: DL4J's own {@link DataSet#save} format, which DL4J's Spark training loads. */
public final class DataSetBytes {
    private DataSetBytes() {
    }

    public static byte[] toBytes(DataSet dataSet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        dataSet.save(out);
        return out.toByteArray();
    }

    public static DataSet fromBytes(byte[] bytes) {
        DataSet dataSet = new DataSet();
        dataSet.load(new ByteArrayInputStream(bytes));
        return dataSet;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
