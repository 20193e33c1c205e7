package io.attendspark.models.draw;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny convergence: a small DRAW with attention on 300 binarised MNIST digits (system property
 * {@code attend.test.mnist}, IDX files; synthetic binary rectangles if absent) must bring the bound
 * far below the fresh model's H·W·ln 2 ≈ 543 nats and clearly below the mean-image level (the
 * plateau a DRAW without useful latents or attention stalls at) within ~30 s.
 */
@Tag("slow")
class DrawConvergenceTest {

    private static final int N = 300;
    private static final int BATCH = 25;
    private static final int EPOCHS = 30;

    @Test
    void boundFallsOnAFewHundredDigits() throws IOException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        INDArray x = digits();
        DrawConfig c = DrawConfig.defaults().withSizes(28, 2, 5, 64, 64, 10).withSteps(5).withLearningRate(5e-3);
        ComputationGraph g = DrawModels.build(c);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, N, 10);                           // like the shards: ignored
        Nd4j.getRandom().setSeed(1);
        double before = DrawModels.bound(g, x).total();
        long t0 = System.nanoTime();
        for (int e = 0; e < EPOCHS; e++) {
            for (int b = 0; b < N; b += BATCH) {
                g.fit(new DataSet(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + BATCH)),
                        labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + BATCH))));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Nd4j.getRandom().setSeed(1);
        DrawBound after = DrawModels.bound(g, x);
        System.out.printf("DRAW tiny convergence: %.1f -> %.1f nats (L^x %.1f, L^z %.1f) in %.1f s, %d steps%n",
                before, after.total(), after.reconstruction(), after.kl(), seconds, EPOCHS * N / BATCH);
        assertEquals(28 * 28 * Math.log(2), before, 20.0);
        double meanImage = meanImageLoss(x);
        System.out.printf("mean-image (per-pixel Bernoulli) loss of these digits: %.1f nats%n", meanImage);
        assertTrue(after.total() < meanImage - 5, "bound after training " + after + " vs mean image " + meanImage);
        assertTrue(after.kl() > 0.5, "the latents must carry information: " + after);
    }

    /** −log-likelihood per image of the best image-independent Bernoulli model (the per-pixel means). */
    private static double meanImageLoss(INDArray x) {
        INDArray p = x.reshape(N, 784).mean(0);
        double loss = 0;
        for (int j = 0; j < 784; j++) {
            double q = Math.min(Math.max(p.getDouble(j), 1e-6), 1 - 1e-6);
            loss -= N * (q * Math.log(q) + (1 - q) * Math.log(1 - q));
        }
        return loss / N;
    }

    /** First N training digits binarised at 0.5, or synthetic rectangles. */
    private static INDArray digits() throws IOException {
        String dir = System.getProperty("attend.test.mnist");
        Path file = dir == null ? null : Path.of(dir, "train-images-idx3-ubyte.gz");
        float[] data = new float[N * 28 * 28];
        if (file != null && Files.exists(file)) {
            try (InputStream raw = Files.newInputStream(file);
                 DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
                int magic = in.readInt();
                if (magic != 2051) {
                    throw new IOException(file + ": IDX magic must be 2051 but was " + magic);
                }
                int count = in.readInt(), rows = in.readInt(), cols = in.readInt();
                if (count < N || rows != 28 || cols != 28) {
                    throw new IOException(file + ": expected >= " + N + " 28x28 images but was " + count + " "
                            + rows + "x" + cols);
                }
                byte[] px = new byte[data.length];
                in.readFully(px);
                for (int i = 0; i < px.length; i++) {
                    data[i] = (px[i] & 0xFF) > 127 ? 1f : 0f;
                }
            }
        } else {
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < N; i++) {
                int top = r.nextInt(2, 12), left = r.nextInt(2, 12), h = r.nextInt(6, 14), w = r.nextInt(6, 14);
                for (int y = top; y < top + h; y++) {
                    for (int xx = left; xx < left + w; xx++) {
                        data[i * 784 + y * 28 + xx] = 1f;
                    }
                }
            }
        }
        return Nd4j.create(data, new long[]{N, 1, 28, 28}, DataType.FLOAT);
    }
}
