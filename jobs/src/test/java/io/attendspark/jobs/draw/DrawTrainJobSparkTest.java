package io.attendspark.jobs.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attendspark.jobs.train.TrainJob;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real TrainJob and SampleJob entry points with a small DRAW on binarised MNIST on local[2]. */
class DrawTrainJobSparkTest {
    private static final String MNIST = System.getProperty("attend.test.mnist");

    @TempDir
    Path tmp;

    @Test
    void trainsADrawModelThenSamplesFromItsDirectory() throws Exception {
        Path out = tmp.resolve("draw");
        TrainJob.Result result = TrainJob.run(new String[] {"--config", "../conf/train-draw-mnist.yaml", "--set", "master=local[2]",
                "--set", "data.mnist=" + MNIST, "--set", "data.cache=" + tmp.resolve("data").toUri(),
                "--set", "data.trainExamples=2560", "--set", "data.testExamples=128", "--set", "budgetExamples=2560",
                "--set", "averaging.averagingFrequency=2", "--set", "draw.steps=4", "--set", "draw.encoderSize=32",
                "--set", "draw.decoderSize=32", "--set", "draw.latentSize=8", "--set", "draw.learningRate=0.01", "--set", "pictures=16",
                "--set", "output=" + out.toUri()});

        for (String file : List.of("_SUCCESS", "model.zip", "config.yaml", "metrics.json", "samples.png", "steps.png",
                "reconstructions.png")) {
            assertTrue(Files.exists(out.resolve(file)), file);
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("DRAW-attention-T4", metrics.get("architecture").asText());
        JsonNode test = metrics.get("test");
        assertEquals(128, test.get("images").asLong());
        double bound = test.get("boundNats").asDouble();
        assertEquals(test.get("reconstructionNats").asDouble() + test.get("klNats").asDouble(), bound, 1e-9);
        assertTrue(bound < 450, "well below coin flips per pixel (543 nats) after 20 sequential updates: " + bound);
        assertTrue(metrics.get("curve").get(9).get("loss").asDouble() < metrics.get("curve").get(0).get("loss").asDouble() - 50,
                "the training bound falls");

        Path samples = tmp.resolve("samples");
        SampleJob.main(new String[] {"--set", "model=" + out.toUri(), "--set", "count=10", "--set", "output=" + samples.toUri()});
        assertTrue(Files.exists(samples.resolve("_SUCCESS")));
        BufferedImage grid = ImageIO.read(samples.resolve("samples.png").toFile());
        assertTrue(grid.getWidth() > 28, "a grid of digits");
        for (int i = 0; i < 10; i++) {
            BufferedImage one = ImageIO.read(samples.resolve(String.format("sample-%04d.png", i)).toFile());
            assertEquals(28, one.getWidth());
            assertEquals(28, one.getHeight());
        }
        assertEquals(result.metrics().parameters(), new ObjectMapper().readTree(samples.resolve("samples.json").toFile())
                .get("parameters").asLong());
    }
}
