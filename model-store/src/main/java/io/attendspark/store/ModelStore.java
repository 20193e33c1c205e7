package io.attendspark.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A versioned store of models on a Hadoop file system with atomic directory rename (HDFS,
 * {@code file:}). It moves files and metadata; it never loads a model, so it needs neither Spark
 * nor DL4J. Layout, per model name:
 *
 * <pre>
 * &lt;root&gt;/&lt;name&gt;/v=1/ ...          immutable versions: the writer's files, provenance.json, _SUCCESS
 * &lt;root&gt;/&lt;name&gt;/v=2/ ...
 * &lt;root&gt;/&lt;name&gt;/LATEST           the newest complete version's number, moved only after it is in place
 * &lt;root&gt;/&lt;name&gt;/_work/           checkpoints of running jobs; retention never touches it
 * &lt;root&gt;/&lt;name&gt;/.writing-&lt;id&gt;/    a writer's hidden working directory until its commit
 * </pre>
 *
 * <p>Readers see a version complete or not at all: a writer fills its hidden directory, writes
 * {@code provenance.json} and {@code _SUCCESS} last, then renames the directory to {@code v=<n>}
 * with an exclusive rename (a concurrent writer that took {@code n} makes it retry with
 * {@code n+1}). Not for object stores whose rename is a copy (S3A).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ModelStore {
    public static final String SUCCESS = "_SUCCESS";
    public static final String LATEST = "LATEST";
    public static final String WORK_DIR = "_work";
    static final String WRITING_PREFIX = ".writing-";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Logger log = LoggerFactory.getLogger(ModelStore.class);

    private final StoreFs fs;
    private final Path root;
    private final int keepLast;

    private ModelStore(StoreFs fs, Path root, int keepLast) {
        this.fs = fs;
        this.root = root;
        this.keepLast = keepLast;
    }

    /**
     * Opens the store at {@code root} ({@code hdfs://nn:8020/models}, {@code file:/tmp/models}); keeps
     * every version. Nothing is created until the first write. Open once per job and share the
     * instance: each one holds its own Hadoop {@code FileContext} (on HDFS, a client connection).
     */
    public static ModelStore open(URI root, Configuration hadoop) {
        try {
            StoreFs fs = StoreFs.open(root, hadoop);
            return new ModelStore(fs, fs.qualify(root), Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the model store at " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * This store, keeping only the newest {@code keepLast} complete versions of a model (plus
     * LATEST's target) after each commit. Keep at least 2 if readers may still be loading the
     * previous LATEST while a new version is committed.
     */
    public ModelStore withRetention(int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("retention keepLast must be >= 1, got " + keepLast);
        }
        return new ModelStore(fs, root, keepLast);
    }

    /** The fully qualified root. */
    public Path root() {
        return root;
    }

    /** Versions kept per model by retention; {@link Integer#MAX_VALUE} keeps all. */
    public int keepLast() {
        return keepLast;
    }

    /** {@code <root>/<name>}. */
    public Path modelDir(String name) {
        return new Path(root, checkName(name));
    }

    /** Starts a new version of {@code name}; nothing is visible to readers until {@link VersionWriter#commit()}. */
    public VersionWriter begin(String name, Provenance provenance) {
        Path modelDir = modelDir(name);
        if (provenance == null) {
            throw new IllegalArgumentException("provenance must not be null; use Provenance.unknown() if nothing is known");
        }
        if (provenance.formatMajor() != Provenance.SUPPORTED_MAJOR) {
            throw new IllegalArgumentException("provenance.formatVersion must have major " + Provenance.SUPPORTED_MAJOR
                    + " (this code writes " + Provenance.FORMAT_VERSION + "), got " + provenance.formatVersion());
        }
        Path work = new Path(modelDir, WRITING_PREFIX + UUID.randomUUID());
        try {
            if (!fs.fs.mkdirs(work)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the working directory " + work + ": " + e.getMessage(), e);
        }
        return new VersionWriter(this, fs, name, provenance, work);
    }

    /**
     * The version {@code LATEST} points to.
     *
     * @throws IllegalArgumentException if the store or the model does not exist, or has no committed version
     * @throws IllegalStateException    if the target is incomplete or in an unknown format, or LATEST is missing or unreadable
     */
    public ModelVersion latest(String name) {
        ModelDir model = requireModel(name);
        try {
            Integer n = model.readLatest();
            if (n == null) {
                List<Integer> numbers = model.numbers();
                if (numbers.isEmpty()) {
                    throw new IllegalArgumentException("Model '" + name + "' at " + model.path() + " has no committed version"
                            + " yet (no v=<n> directory, no " + LATEST + "). Commit one with ModelStore.begin(...).commit().");
                }
                throw new IllegalStateException("Model '" + name + "' at " + model.path() + " has version directories "
                        + numbers + " but no " + LATEST + " file: the writer of the newest one stopped before moving the "
                        + "pointer. Call ModelStore.repairLatest(\"" + name + "\") (or commit again), or read a version by number.");
            }
            return ModelVersion.load(fs, name, n, model.versionDir(n));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the latest version of model '" + name + "' at " + model.path()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Version {@code number} of {@code name}; refuses it if incomplete or in an unknown major format. */
    public ModelVersion version(String name, int number) {
        ModelDir model = requireModel(name);
        if (number < 1) {
            throw new IllegalArgumentException("version number must be >= 1, got " + number);
        }
        try {
            return ModelVersion.load(fs, name, number, model.versionDir(number));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read version " + number + " of model '" + name + "' at "
                    + model.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The readable versions of {@code name}, oldest first. Incomplete directories and unknown
     * formats are left out (and logged); a model without any gives an empty list.
     */
    public List<ModelVersion> versions(String name) {
        ModelDir model = requireModel(name);
        List<ModelVersion> out = new ArrayList<>();
        try {
            for (int n : model.numbers()) {
                try {
                    out.add(ModelVersion.load(fs, name, n, model.versionDir(n)));
                } catch (IllegalStateException | IllegalArgumentException e) {
                    log.warn("Skipping version {} of model '{}': {}", n, name, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the versions of model '" + name + "' at " + model.path() + ": "
                    + e.getMessage(), e);
        }
        return out;
    }

    /** The number LATEST holds, without reading the version; null if there is no pointer (or no model). */
    public Integer latestNumber(String name) {
        try {
            return model(name).readLatest();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + LATEST + " of model '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Model names in this store, sorted; empty if the root does not exist. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            for (FileStatus st : fs.list(root)) {
                String n = st.getPath().getName();
                if (st.isDirectory() && NAME.matcher(n).matches()) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the model store " + root + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    /** {@code <root>/<name>/_work}, created if missing: checkpoints and scratch of training jobs; retention never touches it. */
    public Path workDir(String name) {
        Path dir = new Path(modelDir(name), WORK_DIR);
        try {
            fs.fs.mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the work directory " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** Moves LATEST forward to the newest complete version (after a writer died between its rename and the pointer move). */
    public void repairLatest(String name) {
        try {
            requireModel(name).moveLatestForward();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not move " + LATEST + " of model '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * Applies retention now (commits do it too): deletes versions older than the newest
     * {@code keepLast} complete ones, never LATEST's target, never {@code _work}.
     *
     * @return the deleted version numbers
     */
    public List<Integer> prune(String name) {
        if (keepLast == Integer.MAX_VALUE) {
            return List.of();
        }
        try {
            return model(name).prune(keepLast);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not apply retention (keep " + keepLast + ") to model '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * Deletes the hidden working directories of writers that died without closing (and leftovers
     * of interrupted deletions) last modified more than {@code olderThan} ago. Choose
     * {@code olderThan} longer than any writer stays open, or live writers lose their files.
     *
     * @return the deleted directories
     */
    public List<Path> deleteAbandoned(String name, Duration olderThan) {
        try {
            return model(name).deleteAbandoned(System.currentTimeMillis() - olderThan.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not clean model '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Claims the next version number for a writer's directory; returns it. */
    int claimNextVersion(String name, Path work) throws IOException {
        return model(name).claimNext(work);
    }

    /** LATEST and retention once version {@code number} is in place; a failure here leaves the version committed. */
    void afterCommit(String name, int number) {
        try {
            model(name).moveLatestForward();
        } catch (IOException e) {
            throw new UncheckedIOException("Version " + number + " of model '" + name + "' is committed but " + LATEST
                    + " could not be moved (" + e.getMessage() + "); call ModelStore.repairLatest(\"" + name + "\").", e);
        }
        prune(name);
    }

    private ModelDir model(String name) {
        return new ModelDir(fs, name, modelDir(name));
    }

    private ModelDir requireModel(String name) {
        ModelDir model = model(name);
        try {
            if (!fs.fs.exists(root)) {
                throw new IllegalArgumentException("Model store " + root + " does not exist (an empty store): no model '"
                        + name + "' has been committed there. Check the URI, or commit a version first.");
            }
            if (!fs.fs.exists(model.path())) {
                throw new IllegalArgumentException("No model '" + name + "' in store " + root + ": expected " + model.path()
                        + "; the store holds " + names() + ". Check the name, or commit a version first.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the model store " + root + ": " + e.getMessage(), e);
        }
        return model;
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name must match " + NAME.pattern() + " (letters, digits, '.', '_', '-';"
                    + " not starting with '.' or '_'), got " + (name == null ? "null" : "\"" + name + "\""));
        }
        return name;
    }

    @Override
    public String toString() {
        return "ModelStore[" + root + (keepLast == Integer.MAX_VALUE ? "" : ", keep " + keepLast) + "]";
    }
}
