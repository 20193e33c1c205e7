package io.attendspark.dataprep.shards;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
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

    /**
     * Parses {@link #toBytes} output with DL4J's own {@link DataSet#load}, fed through an
     * unsynchronised in-memory stream: DL4J reads every value as four single-byte {@code read()}
     * calls, and through {@link ByteArrayInputStream} wrapped in a {@link BufferedInputStream}
     * each of those takes a lock (8 ms per 64-image MNIST minibatch, a tenth of an executor's
     * round in the issue 7 profile).
     */
    public static DataSet fromBytes(byte[] bytes) {
        DataSet dataSet = new DataSet();
        dataSet.load(new UnsyncedBytes(bytes));
        return dataSet;
    }

    /** A {@link BufferedInputStream} (so DL4J does not wrap it again) that reads a byte array without locks. */
    static final class UnsyncedBytes extends BufferedInputStream {
        private final byte[] bytes;
        private int next;

        UnsyncedBytes(byte[] bytes) {
            super(InputStream.nullInputStream(), 1);
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = Math.min(len, bytes.length - next);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(bytes, next, b, off, n);
            next += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, bytes.length - next));
            next += (int) k;
            return k;
        }

        @Override
        public int available() {
            return bytes.length - next;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
