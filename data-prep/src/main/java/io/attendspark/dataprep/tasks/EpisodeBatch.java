package io.attendspark.dataprep.tasks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Packs NTM task episodes (Graves et al. 2014, arXiv:1410.5401v2, §4) into DL4J's time-series
 * layout, float32: features {@code [batch, inputWidth, Tmax]}, labels {@code [batch, outputWidth, Tmax]},
 * features mask {@code [batch, Tmax]} (1 for t below the episode's length) and labels mask
 * {@code [batch, Tmax]} (the episode's target mask, 0 in padding). Shorter episodes are
 * zero-padded at the end.
 */
public final class EpisodeBatch {
    private EpisodeBatch() {
    }

    /** Episodes {@code indices} of {@code task} under {@code seed}, in that order, as one batch. */
    public static DataSet generate(AlgorithmicTask task, long seed, long[] indices) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(indices, "indices");
        List<Episode> episodes = new ArrayList<>(indices.length);
        for (long index : indices) {
            episodes.add(task.episode(seed, index));
        }
        return toDataSet(episodes);
    }

    /** The episodes as one zero-padded batch, row i being episode i. */
    public static DataSet toDataSet(List<Episode> episodes) {
        if (episodes == null || episodes.isEmpty()) {
            throw new IllegalArgumentException("episode batch must hold >= 1 episode but was empty");
        }
        int batch = episodes.size();
        Episode first = Objects.requireNonNull(episodes.get(0), "episode 0");
        int inWidth = first.inputWidth();
        int outWidth = first.outputWidth();
        int maxSteps = 0;
        for (int b = 0; b < batch; b++) {
            Episode e = episodes.get(b);
            if (e == null) {
                throw new IllegalArgumentException("episode " + b + " is null");
            }
            if (e.inputWidth() != inWidth || e.outputWidth() != outWidth) {
                throw new IllegalArgumentException("episode " + b + " has widths (input " + e.inputWidth()
                        + ", output " + e.outputWidth() + ") but episode 0 has (input " + inWidth
                        + ", output " + outWidth + ")");
            }
            maxSteps = Math.max(maxSteps, e.length());
        }
        long featureSize = (long) batch * inWidth * maxSteps;
        long labelSize = (long) batch * outWidth * maxSteps;
        if (Math.max(featureSize, labelSize) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("episode batch too large for one float[]: "
                    + Math.max(featureSize, labelSize) + " values");
        }
        float[] features = new float[(int) featureSize];
        float[] labels = new float[(int) labelSize];
        float[] featuresMask = new float[batch * maxSteps];
        float[] labelsMask = new float[batch * maxSteps];
        for (int b = 0; b < batch; b++) {
            Episode e = episodes.get(b);
            int steps = e.length();
            for (int c = 0; c < inWidth; c++) {
                System.arraycopy(e.input()[c], 0, features, (b * inWidth + c) * maxSteps, steps);
            }
            for (int c = 0; c < outWidth; c++) {
                System.arraycopy(e.target()[c], 0, labels, (b * outWidth + c) * maxSteps, steps);
            }
            java.util.Arrays.fill(featuresMask, b * maxSteps, b * maxSteps + steps, 1f);
            System.arraycopy(e.targetMask(), 0, labelsMask, b * maxSteps, steps);
        }
        INDArray f = Nd4j.create(features, new long[] {batch, inWidth, maxSteps}, 'c');
        INDArray l = Nd4j.create(labels, new long[] {batch, outWidth, maxSteps}, 'c');
        INDArray fm = Nd4j.create(featuresMask, new long[] {batch, maxSteps}, 'c');
        INDArray lm = Nd4j.create(labelsMask, new long[] {batch, maxSteps}, 'c');
        return new DataSet(f, l, fm, lm);
    }

    /**
     * {@code batch} zero-padded at the end of the time axis to exactly {@code steps} (features,
     * labels and both masks), for models unrolled over a fixed length; unchanged if already that long.
     */
    public static DataSet padTime(DataSet batch, int steps) {
        long have = batch.getFeatures().size(2);
        if (have > steps) {
            throw new IllegalArgumentException("episode batch has " + have + " time steps but must fit in " + steps);
        }
        if (have == steps) {
            return batch;
        }
        return new DataSet(pad(batch.getFeatures(), steps), pad(batch.getLabels(), steps),
                pad(batch.getFeaturesMaskArray(), steps), pad(batch.getLabelsMaskArray(), steps));
    }

    private static INDArray pad(INDArray a, int steps) {
        if (a == null) {
            return null;
        }
        long[] shape = a.shape().clone();
        long have = shape[shape.length - 1];
        shape[shape.length - 1] = steps;
        INDArray out = Nd4j.zeros(a.dataType(), shape);
        if (shape.length == 3) {
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, have)).assign(a);
        } else {
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, have)).assign(a);
        }
        return out;
    }
}
