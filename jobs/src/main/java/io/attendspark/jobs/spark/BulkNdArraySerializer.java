package io.attendspark.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.attendspark.models.dl4j.NativeBuffers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo serializer for INDArrays that copies a numeric array's values as one block of bytes
 * (data type, shape, then the 'c'-order values in the machine's little-endian layout).
 * ND4J's own {@link Nd4jSerializer} writes and reads every value through a {@code DataOutputStream},
 * four single-byte calls per float; the parameters and Adam state that Spark moves every averaging
 * round (broadcast and results) went through it. Arrays it does not cover (strings, compressed,
 * scalars, or a big-endian machine) are written by ND4J's serializer, behind a marker byte.
 */
final class BulkNdArraySerializer extends Serializer<INDArray> {

    private static final byte BULK = 0;
    private static final byte ND4J = 1;
    private static final Set<DataType> NUMERIC = Set.of(DataType.DOUBLE, DataType.FLOAT, DataType.HALF,
            DataType.BFLOAT16, DataType.LONG, DataType.INT, DataType.SHORT, DataType.BYTE, DataType.UBYTE,
            DataType.UINT16, DataType.UINT32, DataType.UINT64, DataType.BOOL);
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final Nd4jSerializer fallback = new Nd4jSerializer();

    @Override
    public void write(Kryo kryo, Output output, INDArray array) {
        long bytes = array.length() * array.dataType().width();
        boolean bulk = LITTLE_ENDIAN && NUMERIC.contains(array.dataType()) && array.rank() > 0
                && bytes <= Integer.MAX_VALUE;
        if (!bulk) {
            output.writeByte(ND4J);
            fallback.write(kryo, output, array);
            return;
        }
        INDArray c = array.isEmpty() ? array : NativeBuffers.plain(array);
        output.writeByte(BULK);
        output.writeString(c.dataType().name());
        output.writeVarInt(c.rank(), true);
        for (long d : c.shape()) {
            output.writeVarLong(d, true);
        }
        byte[] values = new byte[(int) bytes];
        if (bytes > 0) {
            ByteBuffer data = c.data().asNio();
            data.get(0, values);                                 // one memcpy out of native memory
        }
        output.writeVarInt(values.length, true);
        output.writeBytes(values);
    }

    @Override
    public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
        byte mode = input.readByte();
        if (mode == ND4J) {
            return fallback.read(kryo, input, type);
        }
        if (mode != BULK) {
            throw new IllegalStateException("INDArray in Kryo stream has format marker " + mode + ", expected "
                    + BULK + " (bulk) or " + ND4J + " (ND4J's serializer)");
        }
        if (!LITTLE_ENDIAN) {
            throw new IllegalStateException("INDArray was written as little-endian bytes but this JVM's native order"
                    + " is " + ByteOrder.nativeOrder());
        }
        DataType dataType = DataType.valueOf(input.readString());
        long[] shape = new long[input.readVarInt(true)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.readVarLong(true);
        }
        byte[] values = input.readBytes(input.readVarInt(true));
        INDArray array;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            boolean empty = java.util.Arrays.stream(shape).anyMatch(d -> d == 0);
            array = empty ? Nd4j.create(dataType, shape) : Nd4j.createUninitialized(dataType, shape, 'c');
        }
        long expected = array.length() * dataType.width();
        if (expected != values.length) {
            throw new IllegalStateException("INDArray " + dataType + " " + java.util.Arrays.toString(shape) + " needs "
                    + expected + " bytes but the Kryo stream has " + values.length);
        }
        if (values.length > 0) {
            array.data().asNio().put(0, values);                 // one memcpy into native memory
        }
        return array;
    }
}
