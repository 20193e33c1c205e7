package io.attendspark.store;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few file-system primitives the store's protocol rests on, with the differences between
 * Hadoop file systems kept here.
 *
 * <ul>
 *   <li>{@code file:} uses the raw local file system: no {@code .crc} sidecars, whose separate
 *       rename would make a replaced {@code LATEST} fail its checksum for a concurrent reader.</li>
 *   <li>Claiming a version directory uses {@link FileContext#rename} with
 *       {@link Options.Rename#NONE}: atomic and exclusive on HDFS. The old
 *       {@link FileSystem#rename} would instead move the source <em>into</em> an existing target
 *       directory and report success.</li>
 *   <li>Replacing a small file uses POSIX rename on {@code file:} (atomic replace) and
 *       {@code FileContext} with {@link Options.Rename#OVERWRITE} elsewhere (atomic on HDFS, where
 *       the old rename refuses an existing target; {@code FileContext} on {@code file:} would
 *       delete, then rename).</li>
 * </ul>
 */
final class StoreFs {
    private static final Logger log = LoggerFactory.getLogger(StoreFs.class);
    static final String DELETING_PREFIX = ".deleting-";
    private static final Pattern VERSION_DIR = Pattern.compile("v=([1-9][0-9]{0,9})");

    final FileSystem fs;
    private final FileContext fc;

    private StoreFs(FileSystem fs, FileContext fc) {
        this.fs = fs;
        this.fc = fc;
    }

    static StoreFs open(URI root, Configuration hadoop) throws IOException {
        Configuration conf = new Configuration(hadoop);
        FileSystem fs = new Path(root).getFileSystem(conf);
        if (fs instanceof LocalFileSystem local) {
            fs = local.getRaw();
            conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
        }
        return new StoreFs(fs, FileContext.getFileContext(fs.getUri(), conf));
    }

    Path qualify(URI uri) {
        return fs.makeQualified(new Path(uri));
    }

    /** The version number of a directory name {@code v=<n>}, or -1 for any other name. */
    static int versionNumber(String dirName) {
        Matcher m = VERSION_DIR.matcher(dirName);
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    /** Version numbers of the {@code v=<n>} directories under {@code modelDir}, complete or not; empty if it is missing. */
    List<Integer> versionNumbers(Path modelDir) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        for (FileStatus st : list(modelDir)) {
            int n = versionNumber(st.getPath().getName());
            if (n > 0 && st.isDirectory()) {
                numbers.add(n);
            }
        }
        numbers.sort(null);
        return numbers;
    }

    FileStatus[] list(Path dir) throws IOException {
        try {
            return fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    /**
     * Renames directory {@code src} to {@code dst} if and only if {@code dst} does not exist.
     *
     * @return false if {@code dst} already exists ({@code src} is then still in place)
     */
    boolean claimDirectory(Path src, Path dst) throws IOException {
        if (fs.exists(dst)) {
            return false;
        }
        try {
            fc.rename(src, dst, Options.Rename.NONE);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        // File systems without a native no-overwrite rename (file:) check, then rename: a writer that
        // lost the race in between ends up moved (or copied) inside the winner's directory. Undo that.
        Path nested = new Path(dst, src.getName());
        if (fs.exists(nested)) {
            log.warn("Lost the race for {} after the existence check; moving {} back out", dst, nested);
            if (!fs.rename(nested, src)) {
                throw new IOException("could not move " + nested + " back to " + src);
            }
            return false;
        }
        return true;
    }

    /** Atomically replaces (or creates) the small file {@code dst} with the text. */
    void replaceText(Path dst, String text) throws IOException {
        Path tmp = new Path(dst.getParent(), "." + dst.getName() + ".tmp-" + UUID.randomUUID());
        writeText(tmp, text);
        try {
            if (fs instanceof RawLocalFileSystem) {
                if (!fs.rename(tmp, dst)) { // POSIX rename(2): atomic replace
                    throw new IOException("could not rename " + tmp + " to " + dst);
                }
            } else {
                fc.rename(tmp, dst, Options.Rename.OVERWRITE); // atomic on HDFS
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }

    void writeText(Path file, String text) throws IOException {
        try (OutputStream out = fs.create(file, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The text of a small file, or null if it does not exist. */
    String readTextOrNull(Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /**
     * Deletes a directory so that readers never see it half-deleted: a rename to a hidden name
     * (atomic), then the recursive delete.
     *
     * @return false if it was already gone or being deleted by someone else
     */
    boolean deleteAtomically(Path dir) throws IOException {
        Path doomed = new Path(dir.getParent(), DELETING_PREFIX + dir.getName() + "-" + UUID.randomUUID());
        try {
            if (!claimDirectory(dir, doomed)) {
                return false;
            }
        } catch (FileNotFoundException e) {
            return false;
        }
        fs.delete(doomed, true);
        return true;
    }
}
