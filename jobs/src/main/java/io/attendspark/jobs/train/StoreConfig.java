package io.attendspark.jobs.train;

/**
 * Where trained models go when they go to the versioned model store instead of a plain directory.
 *
 * @param root any Hadoop FS URI of the store (e.g. {@code hdfs:///models}); empty = write {@code output} instead
 * @param name the model's name in the store ({@code <root>/<name>/v=<n>/})
 * @param keep versions to keep (older ones are deleted after a commit; LATEST's target never); 0 = keep all
 */
public record StoreConfig(String root, String name, int keep) {

    public StoreConfig {
        root = root == null ? "" : root.trim();
        if (!root.isEmpty() && (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))) {
            throw new IllegalArgumentException("store.name must be letters, digits, '.', '_' or '-' (not starting with"
                    + " '.', '_' or '-') but was '" + name + "'");
        }
        if (keep < 0) {
            throw new IllegalArgumentException("store.keep must be >= 0 but was " + keep);
        }
    }

    /** Not used: the job writes its {@code output} directory. */
    public static StoreConfig none(String name) {
        return new StoreConfig("", name, 5);
    }

    public boolean enabled() {
        return !root.isEmpty();
    }
}
