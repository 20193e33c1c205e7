package io.attendspark.store;

import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;

/**
 * Child-JVM writer for {@link ModelStoreIT}: writes part of a version, prints {@code READY} and
 * waits to be killed. Usage: {@code KillableWriter <root URI> <model name>}.
 */
public final class KillableWriter {
    private KillableWriter() {
    }

    public static void main(String[] args) throws Exception {
        ModelStore store = ModelStore.open(URI.create(args[0]), new Configuration());
        VersionWriter w = store.begin(args[1], Provenance.of("child", 7L, null, null, null));
        w.writeText("config.yaml", "seed: 7\n");
        OutputStream out = w.create("model.zip");
        out.write(StoreFixtures.bytes(7));
        out.flush();
        System.out.println("READY " + w.workDir());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
