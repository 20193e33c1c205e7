package io.attendspark.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path tmp;

    @Test
    void nothingIsVisibleUntilCommitAndSuccessComesLast() throws IOException {
        Path target = tmp.resolve("out");
        try (AtomicOutput out = AtomicOutput.begin(target.toUri().toString(), CONF, false, "run1")) {
            out.writeText("a.txt", "hello");
            assertFalse(Files.exists(target), "target appears only on commit");
            out.commit();
        }
        assertEquals("hello", Files.readString(target.resolve("a.txt")));
        assertTrue(Files.exists(target.resolve("_SUCCESS")));
        assertEquals(List.of("out"), names(tmp), "no temporary directory left");
    }

    @Test
    void failedRunLeavesNothing() throws IOException {
        Path target = tmp.resolve("out");
        assertThrows(IllegalStateException.class, () -> {
            try (AtomicOutput out = AtomicOutput.begin(target.toUri().toString(), CONF, false, "run1")) {
                out.writeText("a.txt", "partial");
                throw new IllegalStateException("executor failed");
            }
        });
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names(tmp));
    }

    @Test
    void rerunAfterAKilledRunDoesNotMixWithIt() throws IOException {
        Path target = tmp.resolve("out");
        // a run killed mid-write: never closed, never committed
        AtomicOutput killed = AtomicOutput.begin(target.toUri().toString(), CONF, false, "killed");
        killed.writeText("shard-000007.bin", "stale");
        // an earlier writer that left an incomplete directory at the target itself
        Files.createDirectories(target);
        Files.writeString(target.resolve("shard-000009.bin"), "stale too");

        try (AtomicOutput rerun = AtomicOutput.begin(target.toUri().toString(), CONF, false, "rerun")) {
            rerun.writeText("shard-000000.bin", "fresh");
            rerun.commit();
        }
        assertEquals(List.of("_SUCCESS", "shard-000000.bin"), names(target));
    }

    @Test
    void completeOutputIsKeptUnlessOverwriteIsSet() throws IOException {
        Path target = tmp.resolve("out");
        try (AtomicOutput out = AtomicOutput.begin(target.toUri().toString(), CONF, false, "1")) {
            out.writeText("v", "1");
            out.commit();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicOutput.begin(target.toUri().toString(), CONF, false, "2"));
        assertTrue(e.getMessage().contains("overwrite=true"), e.getMessage());
        try (AtomicOutput out = AtomicOutput.begin(target.toUri().toString(), CONF, true, "3")) {
            out.writeText("v", "3");
            out.commit();
        }
        assertEquals("3", Files.readString(target.resolve("v")));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") || n.contains(".tmp-")).sorted().toList();
        }
    }
}
