package io.attendspark.jobs.ntm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attendspark.jobs.train.TrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real TrainJob entry point training a small NTM on generated copy episodes on local[2]. */
class NtmTrainJobSparkTest {
    @TempDir
    Path tmp;

    @Test
    void trainsAnNtmOnGeneratedEpisodesAndWritesCurveAndPictures() throws Exception {
        Path out = tmp.resolve("ntm");
        TrainJob.Result result = TrainJob.run(new String[] {"--config", "../conf/train-ntm-copy.yaml", "--set", "master=local[2]",
                "--set", "task.copy.bits=4", "--set", "task.copy.maxLength=3", "--set", "task.testEpisodes=64",
                "--set", "task.validateEvery=160", "--set", "ntm.controllerSize=16", "--set", "ntm.memoryRows=8",
                "--set", "ntm.memoryWidth=6", "--set", "budgetExamples=640", "--set", "averaging.averagingFrequency=2",
                "--set", "output=" + out.toUri()});

        for (String file : List.of("_SUCCESS", "model.zip", "config.yaml", "metrics.json", "curve.csv", "curve.png", "episode.png")) {
            assertTrue(Files.size(out.resolve(file)) >= 0 && Files.exists(out.resolve(file)), file);
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("NTM-copy", metrics.get("architecture").asText());
        assertEquals(640, metrics.get("trainExamplesSeen").asLong(), "640 sequences = 10 rounds of 2 workers x 2 x 16");
        assertEquals(64, metrics.get("test").get("sequences").asLong());
        double bits = metrics.get("test").get("bitsPerSequence").asDouble();
        assertTrue(bits > 0 && bits < 4 * 3 * 1.0, "bits per sequence below chance (1 bit per target bit): " + bits);
        List<String> csv = Files.readAllLines(out.resolve("curve.csv"));
        assertEquals(1 + 4, csv.size(), "header + a point every 160 sequences: " + csv);
        assertTrue(csv.get(4).startsWith("640,"), csv.get(4));
        assertTrue(ImageIO.read(out.resolve("episode.png").toFile()).getHeight() > 0);
        ComputationGraph model = ModelSerializer.restoreComputationGraph(out.resolve("model.zip").toFile(), true);
        assertEquals(result.metrics().parameters(), model.numParams());

        Path report = tmp.resolve("generalisation");
        List<java.util.Map<String, Object>> sets = EvaluateJob.run(new String[] {"--set", "model=" + out.toUri(),
                "--set", "episodes=16", "--set", "output=" + report.toUri()});
        assertEquals(List.of("copy-length-20", "copy-length-30", "copy-length-50", "copy-length-100"),
                sets.stream().map(m -> m.get("set")).toList());
        assertEquals(201, sets.get(3).get("steps"), "unrolled for 100 vectors, the delimiter and 100 answers");
        for (java.util.Map<String, Object> set : sets) {
            assertTrue((double) set.get("bitsPerSequence") > 0, set.toString());
        }
        assertTrue((double) sets.get(3).get("bitErrorsPerSequence") > (double) sets.get(0).get("bitErrorsPerSequence"),
                "more bits to get wrong in longer sequences: " + sets);
        assertTrue(Files.exists(report.resolve("_SUCCESS")));
        assertTrue(Files.exists(report.resolve("episode-copy-length-100.png")));
        assertEquals(4, new ObjectMapper().readTree(report.resolve("generalisation.json").toFile()).get("sets").size());
    }
}
