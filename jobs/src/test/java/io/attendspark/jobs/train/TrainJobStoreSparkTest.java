package io.attendspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.store.ModelStore;
import io.attendspark.store.ModelVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TrainJob committing versions to the model store, and a scheduled-retraining style warm start from LATEST. */
class TrainJobStoreSparkTest {
    private static final String MNIST = System.getProperty("attend.test.mnist");

    @TempDir
    Path tmp;

    private TrainJob.Result train(String... extra) {
        String[] base = {"--config", "../conf/train-cnn-mnist.yaml", "--set", "master=local[2]", "--set", "data.mnist=" + MNIST,
                "--set", "data.cache=" + tmp.resolve("data").toUri(), "--set", "data.trainExamples=1280",
                "--set", "data.testExamples=128", "--set", "budgetExamples=640", "--set", "averaging.averagingFrequency=2",
                "--set", "store.root=" + tmp.resolve("store").toUri(), "--set", "store.name=cnn-mnist", "--set", "store.keep=2",
                "--set", "checkpointEvery=1"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return TrainJob.run(args);
    }

    @Test
    void versionsAreCommittedAndAWarmStartContinuesFromLatest() throws Exception {
        ModelStore store = ModelStore.open(tmp.resolve("store").toUri(), new Configuration());
        TrainJob.Result first = train();
        ModelVersion v1 = store.latest("cnn-mnist");
        assertEquals(1, v1.number());
        assertTrue(first.output().toString().endsWith("v=1"), first.output().toString());
        assertNull(v1.provenance().parentVersion());
        assertEquals(first.metrics().sparkAppId(), v1.provenance().sparkAppId());
        assertTrue(v1.files().containsAll(java.util.List.of("model.zip", "config.yaml", "metrics.json")), v1.files().toString());
        assertTrue(Files.notExists(tmp.resolve("store/cnn-mnist/_work/checkpoint")), "checkpoints deleted after the commit");

        TrainJob.Result second = train("--warm-start", "latest");
        ModelVersion v2 = store.latest("cnn-mnist");
        assertEquals(2, v2.number());
        assertEquals(1, v2.provenance().parentVersion());
        ComputationGraph m1 = restore(v1);
        ComputationGraph m2 = restore(v2);
        assertEquals(2 * m1.getConfiguration().getIterationCount(), m2.getConfiguration().getIterationCount(),
                "the warm start continued the iteration count (and so Adam's bias correction)");
        assertTrue(second.metrics().curve().get(0).loss() < first.metrics().curve().get(0).loss(),
                "the warm-started run starts where the first one ended: " + second.metrics().curve().get(0).loss()
                        + " vs " + first.metrics().curve().get(0).loss());

        org.nd4j.linalg.api.ndarray.INDArray images = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28);
        org.nd4j.linalg.api.ndarray.INDArray p = io.attendspark.jobs.examples.DownstreamLoad.predictWithLatest(
                tmp.resolve("store").toUri(), "cnn-mnist", images);
        assertEquals(m2.outputSingle(images), p, "the downstream example loads LATEST (v=2)");

        train("--warm-start", "latest");
        assertEquals(java.util.List.of(2, 3), store.versions("cnn-mnist").stream().map(ModelVersion::number).toList(),
                "keep=2 retains the newest two versions");
    }

    private static ComputationGraph restore(ModelVersion v) throws Exception {
        try (InputStream in = v.open("model.zip")) {
            return ModelSerializer.restoreComputationGraph(in, true);
        }
    }
}
