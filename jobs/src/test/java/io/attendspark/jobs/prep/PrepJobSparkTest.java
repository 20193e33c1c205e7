package io.attendspark.jobs.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attendspark.dataprep.shards.DataSetBytes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.loader.LocalFileSourceFactory;
import org.nd4j.linalg.dataset.DataSet;

/** The real PrepJob entry point on local Spark with the repository's conf files. */
class PrepJobSparkTest {
    private static final String MNIST = System.getProperty("attend.test.mnist");

    @TempDir
    Path tmp;

    @Test
    void rtsShardsAreByteIdenticalOnLocal1AndLocal2() throws IOException {
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        run("../conf/prep-mnist-rts.yaml", one, "master=local[1]", "partitions=1", "examples=640", "mnist=" + MNIST);
        run("../conf/prep-mnist-rts.yaml", two, "master=local[2]", "partitions=4", "examples=640", "mnist=" + MNIST);
        assertSameShards(one, two, 10);

        JsonNode manifest = manifest(one);
        assertEquals("1.0", manifest.get("formatVersion").asText());
        assertEquals(640, manifest.get("examples").asLong());
        assertEquals("RTS", manifest.path("config").path("variant").path("variant").asText());
        DataSet shard = load(one.resolve("shard-000003.bin"));
        assertArrayEquals(new long[] {64, 1, 42, 42}, shard.getFeatures().shape());
        assertArrayEquals(new long[] {64, 10}, shard.getLabels().shape());
        assertEquals(64.0, shard.getLabels().sumNumber().doubleValue(), "one-hot labels");
    }

    @Test
    void copyTaskWithPreviewThroughMain() throws IOException {
        Path out = tmp.resolve("copy");
        PrepJob.main(new String[] {"--config", "../conf/prep-copy.yaml", "--preview", "--set", "output=" + out.toUri(),
                "--set", "examples=40", "--set", "master=local[2]"});
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        JsonNode manifest = manifest(out);
        assertEquals(3, manifest.get("shardCount").asInt());
        assertEquals(8, manifest.get("shards").get(2).get("examples").asInt(), "last shard holds the remainder");

        DataSet shard = load(out.resolve("shard-000000.bin"));
        assertEquals(16, shard.getFeatures().size(0));
        assertEquals(9, shard.getFeatures().size(1), "8 bits + delimiter");
        assertEquals(8, shard.getLabels().size(1));
        assertEquals(shard.getFeatures().size(2), shard.getLabelsMaskArray().size(1));
        // masks: every labelled step is inside the episode
        assertEquals(0.0, shard.getLabelsMaskArray().sub(shard.getFeaturesMaskArray()).maxNumber().doubleValue());

        BufferedImage preview = ImageIO.read(out.resolve("preview.png").toFile());
        assertTrue(preview.getWidth() > 100 && preview.getHeight() > 100, "preview " + preview.getWidth() + "x" + preview.getHeight());
    }

    @Test
    void failureOnTheExecutorsLeavesNoOutputAndNoTemporaryFiles() throws IOException {
        Path out = tmp.resolve("broken");
        // clutter crops larger than an MNIST digit are refused when the generator is built on the executors
        Exception e = assertThrows(Exception.class, () -> run("../conf/prep-mnist-tc60.yaml", out, "master=local[2]", "examples=128",
                "mnist=" + MNIST, "variant.clutterSize=40"));
        assertTrue(e.getMessage().contains("variant.clutterSize must be <= the base image side 28 but was 40"), e.getMessage());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(), files.toList(), "nothing written, nothing left behind");
        }
    }

    @Test
    void aCompleteOutputIsNotOverwrittenByDefault() throws IOException {
        Path out = tmp.resolve("sort");
        run("../conf/prep-priority-sort.yaml", out, "examples=16", "master=local[1]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("../conf/prep-priority-sort.yaml", out, "examples=16", "master=local[1]"));
        assertTrue(e.getMessage().contains("already holds a complete result"), e.getMessage());
        run("../conf/prep-priority-sort.yaml", out, "examples=32", "master=local[1]", "overwrite=true");
        assertEquals(32, manifest(out).get("examples").asInt());
        assertFalse(Files.exists(out.resolve("shard-000002.bin")));
    }

    private static void run(String conf, Path out, String... sets) {
        List<String> args = new java.util.ArrayList<>(List.of("--config", conf, "--set", "output=" + out.toUri()));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        PrepJob.run(args.toArray(String[]::new));
    }

    private static void assertSameShards(Path a, Path b, int shards) throws IOException {
        for (int k = 0; k < shards; k++) {
            String name = String.format("shard-%06d.bin", k);
            byte[] bytesA = Files.readAllBytes(a.resolve(name));
            assertArrayEquals(bytesA, Files.readAllBytes(b.resolve(name)), name);
            assertEquals(DataSetBytes.sha256(bytesA), manifest(a).get("shards").get(k).get("sha256").asText());
        }
        assertEquals(manifest(a).get("shards"), manifest(b).get("shards"));
    }

    private static JsonNode manifest(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    }

    /** Loads a shard the way DL4J's Spark training (fitPaths) does. */
    private static DataSet load(Path shard) throws IOException {
        return new SerializedDataSetLoader().load(new LocalFileSourceFactory().getSource(shard.toString()));
    }
}
