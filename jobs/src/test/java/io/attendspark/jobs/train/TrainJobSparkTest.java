package io.attendspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real TrainJob entry point on local[2] with a repository conf file and a small budget. */
class TrainJobSparkTest {
    private static final String MNIST = System.getProperty("attend.test.mnist");

    @TempDir
    Path tmp;

    /** With the default resident workers; then DL4J's job per round, which must train the same model. */
    @Test
    void trainsAnStCnnAndWritesALoadableModelDirectory() throws IOException {
        Path out = tmp.resolve("model");
        train(out, true);

        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        for (String file : new String[] {"model.zip", "config.yaml", "metrics.json", "transformer.png"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("ST_CNN", metrics.get("architecture").asText());
        assertEquals(1280, metrics.get("trainExamplesSeen").asLong());
        assertEquals(5, metrics.get("curve").size(), "1280 examples = 5 rounds of 2 workers x 2 minibatches of 64");
        assertEquals(256, metrics.get("test").get("examples").asLong());
        double accuracy = metrics.get("test").get("accuracy").asDouble();
        assertTrue(accuracy > 0.2, "a few hundred steps already beat chance (0.1): " + accuracy);

        ComputationGraph model = ModelSerializer.restoreComputationGraph(out.resolve("model.zip").toFile(), true);
        assertEquals(metrics.get("parameters").asLong(), model.numParams());
        assertTrue(ImageIO.read(out.resolve("transformer.png").toFile()).getWidth() > 0);

        Path jobPerRound = tmp.resolve("job-per-round");
        train(jobPerRound, false);
        JsonNode other = new ObjectMapper().readTree(jobPerRound.resolve("metrics.json").toFile());
        for (int r = 0; r < 5; r++) {
            assertEquals(metrics.get("curve").get(r).get("loss").asDouble(), other.get("curve").get(r).get("loss").asDouble(),
                    "round " + (r + 1) + " loss, resident workers vs a Spark job per round");
        }
        assertEquals(accuracy, other.get("test").get("accuracy").asDouble(), "same model, same test accuracy");
    }

    private void train(Path out, boolean residentWorkers) {
        TrainJob.main(new String[] {"--config", "../conf/train-stcnn-mnist.yaml",
                "--set", "master=local[2]", "--set", "data.mnist=" + MNIST, "--set", "data.cache=" + tmp.resolve("data").toUri(),
                "--set", "data.trainExamples=1280", "--set", "data.testExamples=256", "--set", "budgetExamples=1280",
                "--set", "averaging.averagingFrequency=2", "--set", "averaging.residentWorkers=" + residentWorkers,
                "--set", "output=" + out.toUri()});
    }
}
