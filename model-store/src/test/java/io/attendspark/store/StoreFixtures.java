package io.attendspark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Shared by the local-FS tests and the HDFS integration tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** Commits a version holding {@code payload.txt} = "payload-&lt;seed&gt;" and a 64 KiB binary file. */
    static ModelVersion commit(ModelStore store, String name, long seed) throws IOException {
        try (VersionWriter w = store.begin(name, Provenance.of("abc123", seed, "sha256:data", "app-" + seed, null))) {
            w.writeText("payload.txt", "payload-" + seed);
            try (OutputStream out = w.create("model.zip")) {
                out.write(bytes(seed));
            }
            return w.commit();
        }
    }

    static byte[] bytes(long seed) {
        byte[] b = new byte[64 * 1024];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static String read(ModelVersion v, String file) throws IOException {
        try (InputStream in = v.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every version is complete and self-consistent: its files match its provenance seed, nothing foreign inside. */
    static void assertConsistent(ModelStore store, String name) throws IOException {
        FileSystem fs = store.root().getFileSystem(new org.apache.hadoop.conf.Configuration());
        for (FileStatus st : fs.listStatus(store.modelDir(name))) {
            String n = st.getPath().getName();
            assertFalse(n.startsWith(ModelStore.WRITING_PREFIX) || n.startsWith(".deleting-") || n.startsWith(".LATEST"),
                    "leftover " + st.getPath());
            if (StoreFs.versionNumber(n) > 0) {
                ModelVersion v = store.version(name, StoreFs.versionNumber(n));
                assertEquals(List.of("model.zip", "payload.txt", "provenance.json"), v.files(), v.toString());
                long seed = v.provenance().seed();
                assertEquals("payload-" + seed, read(v, "payload.txt"), v.toString());
                try (InputStream in = v.open("model.zip")) {
                    assertTrue(java.util.Arrays.equals(bytes(seed), in.readAllBytes()), v.toString());
                }
            }
        }
    }

    /**
     * {@code writers} threads commit {@code rounds} versions each, released together by a barrier.
     *
     * @return the committed version numbers (a writer that gave up cleanly contributes none)
     */
    static List<Integer> race(ModelStore store, String name, int writers, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                long base = 1000L * (t + 1);
                futures.add(pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        start.await();
                        try {
                            mine.add(commit(store, name, base + r).number());
                        } catch (IllegalStateException e) {
                            // a clean failure is allowed; a corrupt version is not (checked by the caller)
                        }
                    }
                    return mine;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : futures) {
                all.addAll(f.get());
            }
            Set<Integer> distinct = new HashSet<>(all);
            assertEquals(all.size(), distinct.size(), "two writers got the same version number: " + all);
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    static Path path(ModelStore store, String name, String child) {
        return new Path(store.modelDir(name), child);
    }
}
