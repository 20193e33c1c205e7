package io.attendspark.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's registrator (INDArrays off-heap), with INDArrays then copied in bulk
 * ({@link BulkNdArraySerializer}), plus Java serialization for records: Kryo 4's
 * FieldSerializer cannot create records (their final fields cannot be set reflectively on
 * JDK 17), and our configs, shard records and MNIST data are records.
 */
public final class KryoRegistrator implements org.apache.spark.serializer.KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        SameDiffStdoutFilter.install(); // runs in every executor JVM before any task
        new Nd4jRegistrator().registerClasses(kryo);
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new BulkNdArraySerializer());   // replaces ND4J's
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
    }
}
