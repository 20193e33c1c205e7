package io.attendspark.store;

import static io.attendspark.store.StoreFixtures.assertConsistent;
import static io.attendspark.store.StoreFixtures.commit;
import static io.attendspark.store.StoreFixtures.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on the local file system ({@code file:} URIs). */
class ModelStoreTest {
    @TempDir
    Path tmp;
    private ModelStore store;

    @BeforeEach
    void open() {
        store = ModelStore.open(tmp.resolve("models").toUri(), new Configuration());
    }

    private Path local(String relative) {
        return tmp.resolve("models").resolve(relative);
    }

    @Test
    void writeThenReadRoundTrip() throws Exception {
        Provenance prov = Provenance.of("0123abcd", 42L, "sha256:feed", "local-1700000000", null);
        ModelVersion written;
        try (VersionWriter w = store.begin("cnn", prov)) {
            try (OutputStream out = w.create("model.zip")) {
                out.write(new byte[] {1, 2, 3});
            }
            w.writeText("config.yaml", "seed: 42\n");
            w.writeText("pictures/glimpse-1.png", "png");
            written = w.commit();
        }
        assertEquals(1, written.number());
        assertEquals("file", written.path().toUri().getScheme());
        ModelVersion v = ModelStore.open(tmp.resolve("models").toUri(), new Configuration()).latest("cnn");
        assertEquals(written.path(), v.path());
        assertEquals(List.of("config.yaml", "model.zip", "pictures/glimpse-1.png", "provenance.json"), v.files());
        try (InputStream in = v.open("model.zip")) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
        assertEquals("seed: 42\n", read(v, "config.yaml"));
        Provenance p = v.provenance();
        assertEquals(Provenance.FORMAT_VERSION, p.formatVersion());
        assertEquals("0123abcd", p.gitCommit());
        assertEquals(42L, p.seed());
        assertEquals("sha256:feed", p.dataManifestHash());
        assertEquals("local-1700000000", p.sparkAppId());
        assertNull(p.parentVersion());
        assertTrue(Instant.parse(p.createdUtc()).isAfter(Instant.now().minusSeconds(60)));
        assertTrue(Files.exists(local("cnn/v=1/_SUCCESS")));
        assertEquals("1", Files.readString(local("cnn/LATEST")).trim());
        assertFalse(Files.list(local("cnn/v=1")).anyMatch(f -> f.getFileName().toString().endsWith(".crc")), "no .crc sidecars");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> v.open("nope.bin"));
        assertTrue(missing.getMessage().contains("nope.bin") && missing.getMessage().contains("model.zip"), missing.getMessage());
    }

    @Test
    void versionsAreNumberedInOrderAndLatestFollows() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals((int) seed, commit(store, "cnn", seed).number());
            assertEquals((int) seed, store.latest("cnn").number());
        }
        ModelVersion warm;
        try (VersionWriter w = store.begin("cnn", Provenance.unknown().withParentVersion(3))) {
            w.writeText("model.zip", "x");
            warm = w.commit();
        }
        assertEquals(4, warm.number());
        assertEquals(3, store.version("cnn", 4).provenance().parentVersion());
        assertEquals(List.of(1, 2, 3, 4), store.versions("cnn").stream().map(ModelVersion::number).toList());
        assertEquals(2L, store.version("cnn", 2).provenance().seed());
        assertEquals(List.of("cnn"), store.names());
    }

    @Test
    void latestMovesOnlyAfterSuccessAndNeverBack() throws Exception {
        try (VersionWriter w = store.begin("cnn", Provenance.unknown())) {
            w.writeText("model.zip", "x");
            assertFalse(Files.exists(local("cnn/LATEST")));
            assertFalse(Files.exists(local("cnn/v=1")));
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> store.latest("cnn"));
            assertTrue(none.getMessage().contains("no committed version"), none.getMessage());
            w.commit();
        }
        // a v=2 without _SUCCESS (copied by hand, or a foreign tool): LATEST must not move to it
        Files.createDirectories(local("cnn/v=2"));
        Files.writeString(local("cnn/v=2/model.zip"), "half");
        store.repairLatest("cnn");
        assertEquals(1, store.latest("cnn").number());
        assertEquals(3, commit(store, "cnn", 3).number(), "the next writer skips the incomplete number");
        assertEquals(3, store.latest("cnn").number());
        // a pointer that is ahead (e.g. versions deleted by hand) is never moved back, and numbers continue past it
        Files.writeString(local("cnn/LATEST"), "9\n");
        store.repairLatest("cnn");
        assertEquals("9", Files.readString(local("cnn/LATEST")).trim());
        assertEquals(10, commit(store, "cnn", 10).number());
        assertEquals("10", Files.readString(local("cnn/LATEST")).trim());
    }

    @Test
    void latestWithoutPointerSaysHowToRepair() throws Exception {
        commit(store, "cnn", 1);
        Files.delete(local("cnn/LATEST")); // the writer died between its rename and the pointer move
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.latest("cnn"));
        assertTrue(e.getMessage().contains("repairLatest") && e.getMessage().contains("[1]"), e.getMessage());
        store.repairLatest("cnn");
        assertEquals(1, store.latest("cnn").number());
    }

    @Test
    void retentionKeepsTheNewestKAndLeavesWorkAlone() throws Exception {
        ModelStore keep2 = store.withRetention(2);
        Path checkpoint = Path.of(keep2.workDir("cnn").toUri()).resolve("checkpoint-7.zip");
        Files.writeString(checkpoint, "ckpt");
        for (long seed = 1; seed <= 5; seed++) {
            commit(keep2, "cnn", seed);
        }
        assertEquals(List.of(4, 5), keep2.versions("cnn").stream().map(ModelVersion::number).toList());
        assertEquals(5, keep2.latest("cnn").number());
        assertEquals("ckpt", Files.readString(checkpoint));
        assertConsistent(keep2, "cnn");
    }

    @Test
    void retentionNeverDeletesLatestTarget() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            commit(store, "cnn", seed);
        }
        Files.writeString(local("cnn/LATEST"), "1\n"); // a pointer lagging behind (pinned, or its writer died)
        assertEquals(List.of(2), store.withRetention(1).prune("cnn"));
        assertEquals(List.of(1, 3), store.versions("cnn").stream().map(ModelVersion::number).toList());
        assertEquals(1, store.latest("cnn").number());
    }

    @Test
    void refusesVersionWithoutSuccess() throws Exception {
        commit(store, "cnn", 1);
        Files.delete(local("cnn/v=1/_SUCCESS"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.version("cnn", 1));
        assertTrue(e.getMessage().contains("_SUCCESS") && e.getMessage().contains("v=1") && e.getMessage().contains("incomplete"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> store.latest("cnn"));
        assertEquals(List.of(), store.versions("cnn"));
    }

    @Test
    void refusesUnknownMajorFormatAndAcceptsNewerMinor() throws Exception {
        commit(store, "cnn", 1);
        commit(store, "cnn", 2);
        Files.writeString(local("cnn/v=1/provenance.json"), "{\"formatVersion\":\"1.7\",\"seed\":1,\"addedIn17\":true}");
        assertEquals(1L, store.version("cnn", 1).provenance().seed());
        Files.writeString(local("cnn/v=2/provenance.json"), "{\"formatVersion\":\"2.0\",\"seed\":{\"split\":true}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.latest("cnn"));
        assertTrue(e.getMessage().contains("2.0") && e.getMessage().contains("major version 1") && e.getMessage().contains("v=2")
                && e.getMessage().contains("Upgrade"), e.getMessage());
        assertEquals(List.of(1), store.versions("cnn").stream().map(ModelVersion::number).toList());
    }

    @Test
    void missingStoreOrModelIsReportedClearly() throws Exception {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> store.latest("cnn"));
        assertTrue(empty.getMessage().contains("does not exist") && empty.getMessage().contains("cnn"), empty.getMessage());
        commit(store, "draw", 1);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> store.version("cnn", 1));
        assertTrue(other.getMessage().contains("No model 'cnn'") && other.getMessage().contains("[draw]"), other.getMessage());
        IllegalArgumentException noVersion = assertThrows(IllegalArgumentException.class, () -> store.version("draw", 7));
        assertTrue(noVersion.getMessage().contains("version 7"), noVersion.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.begin("../etc", Provenance.unknown()));
        assertThrows(IllegalArgumentException.class, () -> store.begin("_work", Provenance.unknown()));
    }

    @Test
    void abortedWriterLeavesNothingVisible() throws Exception {
        try (VersionWriter w = store.begin("cnn", Provenance.unknown())) {
            w.writeText("model.zip", "half");
            assertTrue(Files.exists(Path.of(w.workDir().toUri())));
        } // closed without commit
        try (var files = Files.list(local("cnn"))) {
            assertEquals(List.of(), files.toList());
        }
        assertThrows(IllegalArgumentException.class, () -> store.latest("cnn"));
        assertEquals(1, commit(store, "cnn", 1).number());
    }

    @Test
    void writerMisuseIsRefused() throws Exception {
        try (VersionWriter w = store.begin("cnn", Provenance.unknown())) {
            assertThrows(IllegalArgumentException.class, () -> w.create("_SUCCESS"));
            assertThrows(IllegalArgumentException.class, () -> w.create("provenance.json"));
            assertThrows(IllegalArgumentException.class, () -> w.create("../escape"));
            assertThrows(IllegalArgumentException.class, () -> w.create(".hidden"));
            w.writeText("a.txt", "a");
            assertThrows(IllegalArgumentException.class, () -> w.writeText("a.txt", "again"));
            OutputStream open = w.create("b.bin");
            IllegalStateException e = assertThrows(IllegalStateException.class, w::commit);
            assertTrue(e.getMessage().contains("b.bin"), e.getMessage());
            open.close();
            w.commit();
            assertThrows(IllegalStateException.class, () -> w.writeText("c.txt", "late"));
            assertThrows(IllegalStateException.class, w::commit);
        }
        assertEquals(List.of("a.txt", "b.bin", "provenance.json"), store.latest("cnn").files());
        assertThrows(IllegalArgumentException.class,
                () -> store.begin("cnn", new Provenance("2.0", null, null, null, null, null, null)));
    }

    @Test
    void racingWritersGetDistinctCompleteVersions() throws Exception {
        List<Integer> numbers = StoreFixtures.race(store, "cnn", 4, 5);
        assertEquals(20, numbers.size(), "nobody should give up with 100 attempts: " + numbers);
        assertEquals(IntStream.rangeClosed(1, 20).boxed().toList(), numbers.stream().sorted().toList());
        assertEquals(20, store.latest("cnn").number());
        assertConsistent(store, "cnn");
    }

    @Test
    void readersNeverSeeAHalfVersionWhileWritersRace() throws Exception {
        commit(store, "cnn", 1);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CompletableFuture<Void> reader = java.util.concurrent.CompletableFuture.runAsync(() -> {
            int last = 0;
            while (!stop.get()) {
                try {
                    ModelVersion v = store.latest("cnn");
                    assertTrue(v.number() >= last, "LATEST moved back from " + last + " to " + v.number());
                    last = v.number();
                    assertEquals("payload-" + v.provenance().seed(), read(v, "payload.txt"));
                    reads.incrementAndGet();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        try {
            StoreFixtures.race(store, "cnn", 3, 4);
        } finally {
            stop.set(true);
        }
        reader.get(); // rethrows the reader's failure, if any
        assertTrue(reads.get() > 0);
        assertEquals(13, store.latest("cnn").number());
    }

    @Test
    void racingWritersWithRetention() throws Exception {
        ModelStore keep3 = store.withRetention(3);
        List<Integer> numbers = StoreFixtures.race(keep3, "cnn", 3, 4);
        assertEquals(12, numbers.size());
        int latest = keep3.latest("cnn").number();
        assertEquals(12, latest);
        List<Integer> left = keep3.versions("cnn").stream().map(ModelVersion::number).toList();
        assertTrue(left.contains(latest) && left.size() >= 3, left.toString());
        assertConsistent(keep3, "cnn");
    }

    @Test
    void claimingTheSameDirectoryHasExactlyOneWinner() throws Exception {
        StoreFs fs = StoreFs.open(tmp.toUri(), new Configuration());
        org.apache.hadoop.fs.Path base = fs.qualify(tmp.resolve("claims").toUri());
        for (int round = 0; round < 100; round++) {
            org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(base, "v=" + round);
            org.apache.hadoop.fs.Path[] srcs = new org.apache.hadoop.fs.Path[2];
            for (int i = 0; i < 2; i++) {
                srcs[i] = new org.apache.hadoop.fs.Path(base, ".writing-" + round + "-" + i);
                fs.writeText(new org.apache.hadoop.fs.Path(srcs[i], "who"), "writer-" + i);
            }
            java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(2);
            boolean[] won = new boolean[2];
            Thread[] threads = new Thread[2];
            for (int i = 0; i < 2; i++) {
                int id = i;
                threads[i] = new Thread(() -> {
                    try {
                        go.await();
                        won[id] = fs.claimDirectory(srcs[id], dst);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                threads[i].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(won[0] ^ won[1], "round " + round + ": exactly one winner, got " + won[0] + "/" + won[1]);
            int winner = won[0] ? 0 : 1;
            assertEquals("writer-" + winner, fs.readTextOrNull(new org.apache.hadoop.fs.Path(dst, "who")));
            assertEquals(1, fs.list(dst).length, "nothing nested in the winner's directory");
            assertTrue(fs.fs.exists(srcs[1 - winner]), "the loser keeps its files to retry");
        }
    }

    @Test
    void cliListsAndShowsLatest() throws Exception {
        commit(store, "cnn", 1);
        commit(store, "cnn", 2);
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        String root = tmp.resolve("models").toUri().toString();
        assertEquals(0, ModelStoreCli.run(new String[] {"list", root, "cnn"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[1].startsWith("2\t") && lines[1].endsWith("LATEST"), lines[1]);
        out.reset();
        assertEquals(0, ModelStoreCli.run(new String[] {"latest", root, "cnn"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("2\tfile:"), out.toString(StandardCharsets.UTF_8));
        assertEquals(1, ModelStoreCli.run(new String[] {"latest", root, "nope"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertEquals(2, ModelStoreCli.run(new String[] {"bogus"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
    }
}
