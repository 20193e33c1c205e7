package io.attendspark.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol on one model's directory {@code <root>/<name>}: claiming version numbers, moving
 * {@code LATEST} forward, retention. Every step re-reads the file system (no cached state), so
 * instances are cheap and any number of writers and readers in any JVMs can share a directory.
 */
final class ModelDir {
    /** Claims of v=n lost to concurrent writers before giving up. */
    static final int MAX_CLAIM_ATTEMPTS = 100;
    private static final int MAX_LATEST_ATTEMPTS = 20;
    private static final Logger log = LoggerFactory.getLogger(ModelDir.class);

    private final StoreFs fs;
    private final String name;
    private final Path dir;

    ModelDir(StoreFs fs, String name, Path dir) {
        this.fs = fs;
        this.name = name;
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    Path versionDir(int number) {
        return new Path(dir, "v=" + number);
    }

    Path latestFile() {
        return new Path(dir, ModelStore.LATEST);
    }

    /** Numbers of all {@code v=<n>} directories, complete or not, ascending. */
    List<Integer> numbers() throws IOException {
        return fs.versionNumbers(dir);
    }

    boolean isComplete(int number) throws IOException {
        return fs.fs.exists(new Path(versionDir(number), ModelStore.SUCCESS));
    }

    /** Renames {@code work} to the next free {@code v=<n>} and returns n; on a lost race tries n+1. */
    int claimNext(Path work) throws IOException {
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
            List<Integer> numbers = numbers();
            int highest = numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1);
            Integer latest = readLatest();
            // the pointer counts too: LATEST never moves back, so a number below it would never become LATEST
            int n = Math.max(highest, latest == null ? 0 : latest) + 1;
            if (fs.claimDirectory(work, versionDir(n))) {
                log.info("Committed model '{}' version {} at {}", name, n, versionDir(n));
                return n;
            }
            log.info("Version {} of model '{}' was taken by a concurrent writer; trying the next number", n, name);
        }
        throw new IllegalStateException("Could not claim a version number for model '" + name + "' at " + dir + " in "
                + MAX_CLAIM_ATTEMPTS + " attempts: too many concurrent writers. The files stay in " + work
                + " until the writer is closed; retry later.");
    }

    /**
     * Sets LATEST to the newest complete version unless it already points at or past it. Two
     * committers can interleave read-compare-replace, so the slower one may briefly write a lower
     * number; each re-checks after writing and repairs it, so LATEST is at the newest complete
     * version when this returns.
     */
    void moveLatestForward() throws IOException {
        for (int attempt = 0; attempt < MAX_LATEST_ATTEMPTS; attempt++) {
            int newest = newestComplete();
            Integer current = readLatest();
            if (newest < 0 || (current != null && current >= newest)) {
                return;
            }
            fs.replaceText(latestFile(), newest + "\n");
            log.info("Moved {} of model '{}' to {}", ModelStore.LATEST, name, newest);
        }
        log.warn("{} of model '{}' kept changing under concurrent commits; left as is", ModelStore.LATEST, name);
    }

    private int newestComplete() throws IOException {
        List<Integer> numbers = numbers();
        for (int i = numbers.size() - 1; i >= 0; i--) {
            if (isComplete(numbers.get(i))) {
                return numbers.get(i);
            }
        }
        return -1;
    }

    /**
     * The LATEST number, or null without a pointer.
     *
     * @throws IllegalStateException if the pointer does not hold a positive number
     */
    Integer readLatest() throws IOException {
        String text = fs.readTextOrNull(latestFile());
        if (text == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("Cannot read " + latestFile() + ": expected a positive version number, found \""
                + text.trim() + "\". It was not written by this store; delete it, then call ModelStore.repairLatest(\""
                + name + "\").");
    }

    /**
     * Deletes versions older than the newest {@code keepLast} complete ones; never LATEST's
     * target (re-read before each deletion), never anything newer, never {@code _work}.
     */
    List<Integer> prune(int keepLast) throws IOException {
        List<Integer> deleted = new ArrayList<>();
        List<Integer> all = numbers();
        int kept = 0;
        int oldestKept = Integer.MAX_VALUE;
        for (int i = all.size() - 1; i >= 0 && kept < keepLast; i--) {
            if (isComplete(all.get(i))) {
                kept++;
                oldestKept = all.get(i);
            }
        }
        if (kept < keepLast) {
            return deleted;
        }
        for (int n : all) {
            if (n >= oldestKept) {
                break;
            }
            Integer latest = readLatest(); // it may have moved since the listing
            if ((latest == null || latest != n) && fs.deleteAtomically(versionDir(n))) {
                deleted.add(n);
            }
        }
        if (!deleted.isEmpty()) {
            log.info("Retention (keep {}) deleted versions {} of model '{}'", keepLast, deleted, name);
        }
        return deleted;
    }

    /** Deletes hidden working directories of dead writers and leftovers of interrupted deletions last modified before {@code cutoffMillis}. */
    List<Path> deleteAbandoned(long cutoffMillis) throws IOException {
        List<Path> deleted = new ArrayList<>();
        for (FileStatus st : fs.list(dir)) {
            String n = st.getPath().getName();
            if ((n.startsWith(ModelStore.WRITING_PREFIX) || n.startsWith(StoreFs.DELETING_PREFIX))
                    && st.getModificationTime() < cutoffMillis && fs.fs.delete(st.getPath(), true)) {
                deleted.add(st.getPath());
            }
        }
        if (!deleted.isEmpty()) {
            log.info("Deleted abandoned directories {} of model '{}'", deleted, name);
        }
        return deleted;
    }
}
