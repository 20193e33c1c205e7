package io.attendspark.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one new version of a model. Files go to a hidden working directory
 * {@code <root>/<name>/.writing-<id>/}; {@link #commit()} adds {@code provenance.json} and
 * {@code _SUCCESS} (last) and renames the whole directory to the next free {@code v=<n>} in one
 * atomic step, so a version is visible complete or not at all. {@link #close()} without a commit
 * deletes the working directory. Not thread-safe: one writer per thread.
 *
 * <pre>{@code
 * try (VersionWriter w = store.begin("cnn", provenance)) {
 *     try (OutputStream out = w.create("model.zip")) { ModelSerializer.writeModel(net, out, true); }
 *     w.writeText("config.yaml", resolvedConfig);
 *     ModelVersion v = w.commit();
 * }
 * }</pre>
 */
public final class VersionWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VersionWriter.class);

    private final ModelStore store;
    private final StoreFs fs;
    private final String name;
    private final Provenance provenance;
    private final Path work;
    private final Set<String> openFiles = new LinkedHashSet<>();
    private boolean committed;
    private boolean closed;

    VersionWriter(ModelStore store, StoreFs fs, String name, Provenance provenance, Path work) {
        this.store = store;
        this.fs = fs;
        this.name = name;
        this.provenance = provenance;
        this.work = work;
    }

    /** The model this writer adds a version to. */
    public String name() {
        return name;
    }

    /** The hidden working directory (for logs; write through {@link #create} so names are checked). */
    public Path workDir() {
        return work;
    }

    /**
     * Creates a file in the new version; close the stream before {@link #commit()}.
     *
     * @param fileName relative name, may contain {@code /} for sub-directories ({@code pictures/glimpse-1.png});
     *                 not hidden, not {@code _SUCCESS} or {@code provenance.json}, not written twice
     */
    public OutputStream create(String fileName) {
        ensureWritable();
        checkWritableName(fileName);
        Path file = new Path(work, fileName);
        try {
            OutputStream out = fs.fs.create(file, false);
            openFiles.add(fileName);
            return new FilterOutputStream(out) {
                private boolean done;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    if (!done) {
                        done = true;
                        openFiles.remove(fileName);
                        super.close();
                    }
                }
            };
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            throw new IllegalArgumentException("File '" + fileName + "' was already written to this new version of model '"
                    + name + "': each file is written once; choose another name.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a small UTF-8 text file (config, metrics) into the new version. */
    public void writeText(String fileName, String text) {
        try (OutputStream out = create(fileName)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + new Path(work, fileName) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Publishes the files as the next version: writes {@code provenance.json} (stamped with the
     * UTC time) and {@code _SUCCESS}, renames the working directory to {@code v=<n>} (taking
     * {@code n+1} if a concurrent writer got {@code n} first), moves {@code LATEST} forward and
     * applies the store's retention.
     *
     * @return the committed version
     * @throws IllegalStateException if a stream from {@link #create} is still open, or already committed/closed
     */
    public ModelVersion commit() {
        ensureWritable();
        if (!openFiles.isEmpty()) {
            throw new IllegalStateException("Cannot commit the new version of model '" + name + "': files " + openFiles
                    + " are still open. Close every stream from create() before commit().");
        }
        int number;
        try {
            fs.writeText(new Path(work, ProvenanceJson.FILE), ProvenanceJson.write(provenance.withCreatedUtc(Instant.now())));
            fs.writeText(new Path(work, ModelStore.SUCCESS), ""); // last: marks the content complete
            number = store.claimNextVersion(name, work);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not commit the new version of model '" + name + "' from " + work + ": "
                    + e.getMessage(), e);
        }
        committed = true;
        store.afterCommit(name, number);
        return store.version(name, number);
    }

    /** Aborts unless committed: deletes the working directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed) {
            try {
                fs.fs.delete(work, true);
                log.info("Aborted the new version of model '{}': deleted {}", name, work);
            } catch (IOException e) {
                log.warn("Could not delete the aborted working directory {}: {}", work, e.getMessage());
            }
        }
    }

    private void ensureWritable() {
        if (committed || closed) {
            throw new IllegalStateException("This writer for model '" + name + "' is already "
                    + (committed ? "committed" : "closed") + ": start a new one with ModelStore.begin().");
        }
    }

    private static void checkWritableName(String fileName) {
        checkFileName(fileName);
        if (fileName.equals(ModelStore.SUCCESS) || fileName.equals(ProvenanceJson.FILE)) {
            throw new IllegalArgumentException("File name '" + fileName + "' is reserved: the store writes it on commit. "
                    + "Pass provenance to ModelStore.begin() instead, or choose another name.");
        }
    }

    /** Checks a relative file name inside a version: {@code /}-separated, no empty, hidden, {@code .} or {@code ..} part. */
    static String checkFileName(String fileName) {
        if (fileName == null || fileName.isEmpty()) {
            throw new IllegalArgumentException("file name must be a non-empty relative name such as \"model.zip\", got "
                    + (fileName == null ? "null" : "\"\""));
        }
        for (String part : fileName.split("/", -1)) {
            if (part.isEmpty() || part.startsWith(".") || part.contains("\\") || part.contains(":")) {
                throw new IllegalArgumentException("file name must be relative, with no empty, hidden (\".x\"), \"..\", "
                        + "\"\\\" or \":\" parts, got \"" + fileName + "\"");
            }
        }
        return fileName;
    }
}
