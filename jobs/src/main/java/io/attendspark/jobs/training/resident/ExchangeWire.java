package io.attendspark.jobs.training.resident;

import io.attendspark.models.dl4j.NativeBuffers;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bytes on a resident worker's socket. Headers are big-endian numbers; arrays travel as their raw
 * native bytes, straight from and into ND4J's buffers (both ends check the machine byte order in the
 * hello). Nothing is deserialised into objects: every length is checked against what the reader expects.
 *
 * <pre>
 * hello   (worker → driver): MAGIC, token:long, partition:int, attempt:int, littleEndian:byte
 * command (driver → worker): STOP | ROUND seq:long iteration:int epoch:int conf:string(empty = unchanged)
 *                            params:array updater:array(length −1 = none) files:int string×files
 * result  (worker → driver): seq:long, OK score:double fitNanos:long params:array updater:array
 *                            | NON_FINITE score:double minibatch:int file:string
 * array  = dataType:int length:long bytes;  string = length:int UTF-8 bytes
 * </pre>
 */
final class ExchangeWire {
    static final int MAGIC = 0x41545257;   // "ATRW"
    static final int STOP = 0;
    static final int ROUND = 1;
    static final int OK = 0;
    static final int NON_FINITE = 1;
    /** Longest string accepted (configurations, file URIs). */
    private static final int MAX_STRING = 64 << 20;

    /** One for each direction: the driver writes from its own thread and reads on a reader thread. */
    private final ByteBuffer outHeader = ByteBuffer.allocate(16);
    private final ByteBuffer inHeader = ByteBuffer.allocate(16);
    private final ReadableByteChannel in;
    private final WritableByteChannel out;

    ExchangeWire(ReadableByteChannel in, WritableByteChannel out) {
        this.in = in;
        this.out = out;
    }

    void writeInt(int v) throws IOException {
        outHeader.clear();
        write(outHeader.putInt(v).flip());
    }

    void writeLong(long v) throws IOException {
        outHeader.clear();
        write(outHeader.putLong(v).flip());
    }

    void writeDouble(double v) throws IOException {
        outHeader.clear();
        write(outHeader.putDouble(v).flip());
    }

    void writeByte(byte v) throws IOException {
        outHeader.clear();
        write(outHeader.put(v).flip());
    }

    void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        write(ByteBuffer.wrap(b));
    }

    /** Data type, length and the raw bytes; {@code null} is written as length −1. */
    void writeArray(INDArray a) throws IOException {
        if (a == null) {
            writeInt(-1);
            writeLong(-1);
            return;
        }
        writeInt(a.dataType().ordinal());
        writeLong(a.length());
        INDArray plain = NativeBuffers.isPlain(a) ? a : a.dup('c');
        write(NativeBuffers.bytes(plain));
        java.lang.ref.Reference.reachabilityFence(plain);   // the buffer alone does not keep its memory alive
    }

    /** A worker's first message: who it is, and that it belongs to the job of {@code token}. */
    void writeHello(long token, int partition, int attempt) throws IOException {
        writeInt(MAGIC);
        writeLong(token);
        writeInt(partition);
        writeInt(attempt);
        writeByte((byte) (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 1 : 0));
    }

    int readInt() throws IOException {
        return fill(4).getInt();
    }

    long readLong() throws IOException {
        return fill(8).getLong();
    }

    double readDouble() throws IOException {
        return fill(8).getDouble();
    }

    byte readByte() throws IOException {
        return fill(1).get();
    }

    String readString() throws IOException {
        int n = readInt();
        if (n < 0 || n > MAX_STRING) {
            throw new IOException("string of " + n + " bytes on the exchange (at most " + MAX_STRING + ")");
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        read(b);
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    /**
     * Reads an array sent by {@link #writeArray} into {@code target}, which must have the sent data
     * type and length; returns false (and reads nothing more) when the sender sent none.
     */
    boolean readArrayInto(INDArray target, String what) throws IOException {
        int type = readInt();
        long length = readLong();
        if (length < 0) {
            return false;
        }
        DataType[] types = DataType.values();
        DataType sent = type >= 0 && type < types.length ? types[type] : null;
        if (target == null || sent != target.dataType() || length != target.length()) {
            throw new IOException(what + ": received " + sent + "[" + length + "] but expected "
                    + (target == null ? "none" : target.dataType() + "[" + target.length() + "]"));
        }
        if (NativeBuffers.isPlain(target)) {
            read(NativeBuffers.bytes(target));
        } else {
            INDArray tmp = Nd4j.createUninitialized(target.dataType(), target.length());
            read(NativeBuffers.bytes(tmp));
            target.assign(tmp.reshape(target.shape()));
        }
        return true;
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private ByteBuffer fill(int n) throws IOException {
        inHeader.clear().limit(n);
        read(inHeader);
        return inHeader.flip();
    }

    private void read(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                throw new EOFException("the other end closed the connection");
            }
        }
    }
}
