package io.attendspark.store;

import java.io.PrintStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;

/**
 * A look into a store without Spark: {@code list <root> <name>} prints one line per readable
 * version (number, created, parent, git commit, LATEST mark); {@code latest <root> <name>} prints
 * the LATEST version's number and path. Exit code 0, 1 on a store error, 2 on bad usage.
 */
public final class ModelStoreCli {
    private ModelStoreCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3 || !(args[0].equals("list") || args[0].equals("latest"))) {
            err.println("usage: ModelStoreCli list|latest <root URI> <model name>");
            return 2;
        }
        try {
            ModelStore store = ModelStore.open(URI.create(args[1]), new Configuration());
            if (args[0].equals("latest")) {
                ModelVersion v = store.latest(args[2]);
                out.println(v.number() + "\t" + v.path());
                return 0;
            }
            Integer latest = store.latestNumber(args[2]);
            for (ModelVersion v : store.versions(args[2])) {
                Provenance p = v.provenance();
                out.println(v.number() + "\t" + p.createdUtc() + "\tparent=" + p.parentVersion() + "\tgit=" + p.gitCommit()
                        + (latest != null && latest == v.number() ? "\tLATEST" : ""));
            }
            return 0;
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
