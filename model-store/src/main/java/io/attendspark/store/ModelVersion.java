package io.attendspark.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * One complete, immutable version of a model: {@code <root>/<name>/v=<number>/}. Instances exist
 * only for directories holding {@code _SUCCESS} and provenance in a readable format version.
 */
public final class ModelVersion {
    private final StoreFs fs;
    private final String name;
    private final int number;
    private final Path path;
    private final Provenance provenance;

    private ModelVersion(StoreFs fs, String name, int number, Path path, Provenance provenance) {
        this.fs = fs;
        this.name = name;
        this.number = number;
        this.path = path;
        this.provenance = provenance;
    }

    /**
     * Reads a version directory, refusing it when incomplete or in an unknown major format.
     *
     * @throws IllegalArgumentException if the directory does not exist
     * @throws IllegalStateException    if it lacks {@code _SUCCESS} or readable provenance
     */
    static ModelVersion load(StoreFs fs, String name, int number, Path path) throws IOException {
        String where = describe(name, number, path);
        if (!fs.fs.exists(path)) {
            throw new IllegalArgumentException("No " + where + ": the directory does not exist. "
                    + "List the versions with ModelStore.versions(\"" + name + "\").");
        }
        if (!fs.fs.exists(new Path(path, ModelStore.SUCCESS))) {
            throw new IllegalStateException("Cannot read " + where + ": it has no " + ModelStore.SUCCESS
                    + " marker, so it is incomplete (a writer stopped mid-copy, or it was not written by this store). "
                    + "Expected " + new Path(path, ModelStore.SUCCESS) + " to exist; pick another version.");
        }
        String json = fs.readTextOrNull(new Path(path, ProvenanceJson.FILE));
        if (json == null) {
            throw new IllegalStateException("Cannot read " + where + ": it has " + ModelStore.SUCCESS + " but no "
                    + ProvenanceJson.FILE + ", so it was not written by this store; pick another version.");
        }
        return new ModelVersion(fs, name, number, path, ProvenanceJson.read(json, where));
    }

    static String describe(String name, int number, Path path) {
        return "model '" + name + "' version " + number + " at " + path;
    }

    public String name() {
        return name;
    }

    public int number() {
        return number;
    }

    /** The fully qualified version directory, e.g. {@code hdfs://nn:8020/models/cnn/v=3}. */
    public Path path() {
        return path;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The path of a file in this version (it may not exist). */
    public Path file(String fileName) {
        return new Path(path, VersionWriter.checkFileName(fileName));
    }

    public boolean exists(String fileName) {
        try {
            return fs.fs.exists(file(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check " + file(fileName) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a file of this version; the caller closes the stream.
     *
     * @throws IllegalArgumentException if the version has no such file (the message lists those it has)
     */
    public InputStream open(String fileName) {
        Path file = file(fileName);
        try {
            return fs.fs.open(file);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("No file '" + fileName + "' in " + describe(name, number, path)
                    + ": it holds " + files() + ".", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Relative names of the files the writer put here (sub-directories included, markers and hidden files left out), sorted. */
    public List<String> files() {
        List<String> names = new ArrayList<>();
        try {
            collect(path, "", names);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + path + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    private void collect(Path dir, String prefix, List<String> names) throws IOException {
        for (FileStatus st : fs.list(dir)) {
            String n = st.getPath().getName();
            if (n.startsWith(".") || n.equals(ModelStore.SUCCESS)) {
                continue;
            }
            if (st.isDirectory()) {
                collect(st.getPath(), prefix + n + "/", names);
            } else {
                names.add(prefix + n);
            }
        }
    }

    @Override
    public String toString() {
        return describe(name, number, path);
    }
}
