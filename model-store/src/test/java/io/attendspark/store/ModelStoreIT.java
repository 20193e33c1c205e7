package io.attendspark.store;

import static io.attendspark.store.StoreFixtures.assertConsistent;
import static io.attendspark.store.StoreFixtures.commit;
import static io.attendspark.store.StoreFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real (in-process) HDFS: round trip, retention, racing writers, a writer killed mid-write. */
class ModelStoreIT {
    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String hdfs;

    @TempDir
    static java.nio.file.Path base;

    @BeforeAll
    static void startHdfs() throws Exception {
        long t0 = System.nanoTime();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
        hdfs = fs.getUri().toString();
        System.out.printf("MiniDFSCluster up in %.1f s at %s%n", (System.nanoTime() - t0) / 1e9, hdfs);
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(); // its threads are non-daemon: always shut it down
        }
    }

    /** A store opened the way a downstream job would: its own Configuration, only the URI shared. */
    private static ModelStore store(String dir) {
        return ModelStore.open(URI.create(hdfs + "/" + dir), new Configuration());
    }

    @Test
    void writeAndReadOnHdfs() throws Exception {
        ModelStore store = store("roundtrip");
        ModelVersion written = commit(store, "cnn", 1);
        assertEquals("hdfs", written.path().toUri().getScheme());
        ModelVersion v = store("roundtrip").latest("cnn");
        assertEquals(1, v.number());
        assertEquals("payload-1", read(v, "payload.txt"));
        assertEquals("app-1", v.provenance().sparkAppId());
        assertEquals(2, commit(store, "cnn", 2).number());
        assertEquals(2, store("roundtrip").latest("cnn").number());
        assertConsistent(store, "cnn");
        assertTrue(fs.exists(new Path(hdfs + "/roundtrip/cnn/v=2/_SUCCESS")));
    }

    @Test
    void retentionOnHdfs() throws Exception {
        ModelStore store = store("retention").withRetention(2);
        Path checkpoint = new Path(store.workDir("cnn"), "checkpoint.zip");
        fs.create(checkpoint).close();
        for (long seed = 1; seed <= 4; seed++) {
            commit(store, "cnn", seed);
        }
        assertEquals(List.of(3, 4), store.versions("cnn").stream().map(ModelVersion::number).toList());
        assertTrue(fs.exists(checkpoint));
        assertConsistent(store, "cnn");
    }

    @Test
    void racingWritersOnHdfs() throws Exception {
        ModelStore store = store("race");
        List<Integer> numbers = StoreFixtures.race(store, "cnn", 3, 3);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), numbers.stream().sorted().toList());
        assertEquals(9, store.latest("cnn").number());
        assertConsistent(store, "cnn");
    }

    @Test
    void abandonedWriterLeavesNoVersion() throws Exception {
        ModelStore store = store("abandoned");
        VersionWriter dead = store.begin("cnn", Provenance.unknown());
        dead.writeText("config.yaml", "x");
        OutputStream half = dead.create("model.zip");
        half.write(new byte[4096]); // neither closed nor committed: the writer "dies" here
        assertEquals(List.of(), store.versions("cnn"));
        assertThrows(IllegalArgumentException.class, () -> store.latest("cnn"));

        assertEquals(1, commit(store, "cnn", 1).number());
        assertEquals(1, store.latest("cnn").number());
        assertEquals(List.of(dead.workDir()), store.deleteAbandoned("cnn", Duration.ZERO));
        assertConsistent(store, "cnn");
    }

    @Test
    void writerKilledInChildJvmLeavesNoVersion() throws Exception {
        String root = hdfs + "/killed";
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                KillableWriter.class.getName(), root, "cnn").redirectErrorStream(true).start();
        String work = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("READY ")) {
                    work = line.substring(6);
                    break;
                }
            }
            assertTrue(work != null, "the child writer never got ready");
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        ModelStore store = store("killed");
        assertTrue(fs.exists(new Path(work)), "the killed writer's hidden working directory stays");
        assertEquals(List.of(), store.versions("cnn"));
        assertThrows(IllegalArgumentException.class, () -> store.latest("cnn"));
        ModelVersion next = commit(store, "cnn", 2);
        assertEquals(1, next.number());
        assertEquals(next.path(), store.latest("cnn").path());
        assertEquals(List.of(new Path(work)), store.deleteAbandoned("cnn", Duration.ZERO));
        assertConsistent(store, "cnn");
        for (FileStatus st : fs.listStatus(next.path())) {
            assertFalse(st.getPath().getName().startsWith("."), "nothing of the killed writer inside " + st.getPath());
        }
    }

    /** Why the store claims versions with FileContext: the classic rename moves into an existing directory and succeeds. */
    @Test
    void plainHdfsRenameNestsIntoAnExistingDirectory() throws Exception {
        Path a = new Path(hdfs + "/nest/a");
        Path b = new Path(hdfs + "/nest/b");
        fs.mkdirs(a);
        fs.mkdirs(b);
        assertTrue(fs.rename(a, b));
        assertTrue(fs.exists(new Path(b, "a")));
    }
}
