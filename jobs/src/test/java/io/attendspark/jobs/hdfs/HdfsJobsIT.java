package io.attendspark.jobs.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.jobs.prep.PrepJob;
import io.attendspark.jobs.train.TrainJob;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs against a real (in-process) HDFS: MNIST read from hdfs:, shards and model written to
 * hdfs:, training reading its minibatch files from hdfs: on local[2].
 */
class HdfsJobsIT {
    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String root;

    @TempDir
    static Path base;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
        root = fs.getUri() + "/attend";
        for (String name : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Path.of(System.getProperty("attend.test.mnist"), name).toUri()),
                    new org.apache.hadoop.fs.Path(root + "/mnist/" + name));
        }
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(); // its threads are non-daemon: always shut it down
        }
    }

    @Test
    void prepAndTrainReadAndWriteHdfs() throws Exception {
        PrepJob.run(new String[] {"--config", "../conf/prep-mnist-rts.yaml", "--preview", "--set", "master=local[2]",
                "--set", "mnist=" + root + "/mnist", "--set", "examples=640", "--set", "output=" + root + "/prep/rts"});
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(root + "/prep/rts/_SUCCESS")));
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(root + "/prep/rts/shard-000009.bin")));
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(root + "/prep/rts/preview.png")));
        FileStatus[] prep = fs.listStatus(new org.apache.hadoop.fs.Path(root + "/prep"));
        assertEquals(1, prep.length, "no temporary directory left beside the output: " + Arrays.toString(prep));

        TrainJob.Result result = TrainJob.run(new String[] {"--config", "../conf/train-cnn-mnist.yaml", "--set", "master=local[2]",
                "--set", "data.mnist=" + root + "/mnist", "--set", "data.cache=" + root + "/cache",
                "--set", "data.trainExamples=1280", "--set", "data.testExamples=256", "--set", "budgetExamples=1280",
                "--set", "averaging.averagingFrequency=2", "--set", "output=" + root + "/models/cnn"});
        assertEquals("hdfs", result.output().toUri().getScheme());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(root + "/models/cnn/_SUCCESS")));
        try (InputStream zip = fs.open(new org.apache.hadoop.fs.Path(root + "/models/cnn/model.zip"))) {
            ComputationGraph model = ModelSerializer.restoreComputationGraph(zip, false);
            assertEquals(result.metrics().parameters(), model.numParams());
        }
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(root + "/models/.cnn.tmp-" + result.metrics().sparkAppId())));
    }
}
