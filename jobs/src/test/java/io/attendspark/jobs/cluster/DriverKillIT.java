package io.attendspark.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.jobs.train.TrainJob;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver JVM killed (SIGKILL) after a checkpoint: rerunning the same command resumes from the
 * newest checkpoint and ends with the model an uninterrupted run makes (within 1e-6 relative; the
 * round plan is a pure function of its seed and the checkpoint holds parameters, Adam state and the
 * iteration count).
 */
class DriverKillIT {
    private static final String MNIST = System.getProperty("attend.test.mnist");

    @TempDir
    Path tmp;

    @Test
    void rerunAfterTheDriverDiedResumesToTheSameModel() throws Exception {
        TrainJob.Result reference = TrainJob.run(args(tmp.resolve("reference")));

        Path out = tmp.resolve("killed");
        Path checkpoints = tmp.resolve(".killed.checkpoint");
        Process driver = startDriver(args(out), tmp.resolve("driver-1.log"));
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.isDirectory(checkpoints.resolve("round-3")) && System.nanoTime() < deadline && driver.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(driver.isAlive(), "the driver was still training when killed; see " + tmp.resolve("driver-1.log"));
            assertTrue(Files.isDirectory(checkpoints.resolve("round-3")), "a checkpoint after round 3 appeared");
        } finally {
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.notExists(out.resolve("_SUCCESS")), "nothing committed by the killed run");

        Process rerun = startDriver(args(out), tmp.resolve("driver-2.log"));
        assertTrue(rerun.waitFor(5, TimeUnit.MINUTES), "the rerun finished");
        String log = Files.readString(tmp.resolve("driver-2.log"));
        assertEquals(0, rerun.exitValue(), log);
        assertTrue(log.contains("resuming after round"), "the rerun resumed from the checkpoint:\n" + log);
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertTrue(Files.notExists(checkpoints), "checkpoints deleted after the commit");

        ComputationGraph a = ModelSerializer.restoreComputationGraph(Path.of(reference.output().toUri()).resolve("model.zip").toFile(), true);
        ComputationGraph b = ModelSerializer.restoreComputationGraph(out.resolve("model.zip").toFile(), true);
        double maxAbs = a.params().sub(b.params()).amaxNumber().doubleValue();
        assertTrue(maxAbs <= 1e-6 * Math.max(1, a.params().amaxNumber().doubleValue()), "resumed model differs by up to " + maxAbs);
        assertEquals(a.getUpdater().getStateViewArray(), b.getUpdater().getStateViewArray(), "same Adam state");
    }

    private String[] args(Path output) {
        return new String[] {"--config", "../conf/train-cnn-mnist.yaml", "--set", "master=local[2]", "--set", "data.mnist=" + MNIST,
                "--set", "data.cache=" + tmp.resolve("data").toUri(), "--set", "data.trainExamples=2560",
                "--set", "data.testExamples=128", "--set", "budgetExamples=2560", "--set", "averaging.averagingFrequency=2",
                "--set", "checkpointEvery=1", "--set", "output=" + output.toUri()};
    }

    private static Process startDriver(String[] jobArgs, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx3g");
        try (Stream<String> lines = Files.lines(Path.of("../conf/jvm.options"))) {
            lines.map(String::trim).filter(l -> !l.isEmpty()).forEach(cmd::add);
        }
        cmd.add("-Dlog4j.configurationFile=" + Path.of("../conf/log4j2.properties").toAbsolutePath());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TrainJob.class.getName());
        cmd.addAll(List.of(jobArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }
}
