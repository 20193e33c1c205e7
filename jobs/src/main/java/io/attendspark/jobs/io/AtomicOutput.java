package io.attendspark.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output directory that appears complete or not at all: everything is written into a hidden
 * sibling {@code .<name>.tmp-<runId>}, which {@link #commit()} renames into place before writing
 * {@code _SUCCESS} last. Closing without committing deletes the temporary directory; a killed run
 * leaves only its own hidden temporary directory, which no later run reads or reuses.
 */
public final class AtomicOutput implements AutoCloseable, ModelOutput {
    public static final String SUCCESS = "_SUCCESS";
    private static final Logger log = LoggerFactory.getLogger(AtomicOutput.class);
    private final FileSystem fs;
    private final Path target;
    private final Path work;
    private boolean committed;

    private AtomicOutput(FileSystem fs, Path target, Path work) {
        this.fs = fs;
        this.target = target;
        this.work = work;
    }

    /**
     * Starts an output at {@code uri}. Fails fast when a complete output is already there and
     * {@code overwrite} is off.
     */
    public static AtomicOutput begin(String uri, Configuration conf, boolean overwrite, String runId) {
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(conf);
            fs.setWriteChecksum(false); // no .crc sidecar files on file: outputs
            Path target = fs.makeQualified(path);
            if (fs.exists(new Path(target, SUCCESS)) && !overwrite) {
                throw new IllegalArgumentException("Output " + target + " already holds a complete result (" + SUCCESS
                        + " present): expected a new or incomplete directory; set overwrite=true or choose another output");
            }
            if (fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
                throw new IllegalArgumentException("Output " + target + ": expected a directory but found a file");
            }
            Path work = new Path(target.getParent(), "." + target.getName() + ".tmp-" + runId);
            fs.delete(work, true);
            if (!fs.mkdirs(work)) {
                throw new IOException("could not create " + work);
            }
            return new AtomicOutput(fs, target, work);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare output " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Directory to write into until {@link #commit()}. */
    public Path workDir() {
        return work;
    }

    /** Where the output appears on commit. */
    public Path target() {
        return target;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** Writes a small text file into the work directory. */
    @Override
    public void writeText(String name, String text) {
        try (FSDataOutputStream out = fs.create(new Path(work, name), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + new Path(work, name) + ": " + e.getMessage(), e);
        }
    }

    /** Opens a file in the work directory for writing. */
    @Override
    public OutputStream create(String name) {
        try {
            return fs.create(new Path(work, name), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + new Path(work, name) + ": " + e.getMessage(), e);
        }
    }

    /** Replaces any incomplete or (with overwrite) older output by the work directory, then writes {@code _SUCCESS}. */
    public Path commit() {
        try {
            if (fs.exists(target)) {
                log.warn("Replacing the earlier output at {}", target);
                if (!fs.delete(target, true)) {
                    throw new IOException("could not delete " + target);
                }
            }
            fs.mkdirs(target.getParent());
            if (!fs.rename(work, target)) {
                throw new IOException("could not rename " + work + " to " + target);
            }
            fs.create(new Path(target, SUCCESS), true).close();
            committed = true;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not commit output " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                fs.delete(work, true);
            } catch (IOException e) {
                log.warn("Could not delete temporary output {}: {}", work, e.getMessage());
            }
        }
    }
}
