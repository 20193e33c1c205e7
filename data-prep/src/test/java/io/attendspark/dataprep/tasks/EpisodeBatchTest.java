package io.attendspark.dataprep.tasks;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EpisodeBatchTest {

    private static final CopyTask COPY = new CopyTask(new CopyTaskConfig(3, 1, 6));

    @Test
    void packsEpisodesZeroPaddedWithMasks() {
        long[] indices = {4, 0, 9, 2, 7};
        DataSet ds = EpisodeBatch.generate(COPY, 13L, indices);
        List<Episode> episodes = new java.util.ArrayList<>();
        int maxSteps = 0;
        for (long index : indices) {
            Episode e = COPY.episode(13L, index);
            episodes.add(e);
            maxSteps = Math.max(maxSteps, e.length());
        }
        INDArray f = ds.getFeatures();
        INDArray l = ds.getLabels();
        INDArray fm = ds.getFeaturesMaskArray();
        INDArray lm = ds.getLabelsMaskArray();
        for (INDArray a : new INDArray[] {f, l, fm, lm}) {
            assertEquals(DataType.FLOAT, a.dataType());
        }
        assertArrayEquals(new long[] {5, 4, maxSteps}, f.shape());
        assertArrayEquals(new long[] {5, 3, maxSteps}, l.shape());
        assertArrayEquals(new long[] {5, maxSteps}, fm.shape());
        assertArrayEquals(new long[] {5, maxSteps}, lm.shape());
        boolean padded = false;
        for (int b = 0; b < 5; b++) {
            Episode e = episodes.get(b);
            int steps = e.length();
            padded |= steps < maxSteps;
            for (int t = 0; t < maxSteps; t++) {
                boolean inside = t < steps;
                for (int c = 0; c < 4; c++) {
                    assertEquals(inside ? e.input()[c][t] : 0f, f.getFloat(b, c, t), "features b=" + b + " c=" + c + " t=" + t);
                }
                for (int c = 0; c < 3; c++) {
                    assertEquals(inside ? e.target()[c][t] : 0f, l.getFloat(b, c, t), "labels b=" + b + " c=" + c + " t=" + t);
                }
                assertEquals(inside ? 1f : 0f, fm.getFloat(b, t), "features mask b=" + b + " t=" + t);
                assertEquals(inside ? e.targetMask()[t] : 0f, lm.getFloat(b, t), "labels mask b=" + b + " t=" + t);
            }
        }
        assertEquals(true, padded, "the batch mixes lengths, so some row is padded");
        DataSet again = EpisodeBatch.toDataSet(episodes);
        assertEquals(f, again.getFeatures());
        assertEquals(lm, again.getLabelsMaskArray());
    }

    @Test
    void singleRowMatchesEpisodeExactly() {
        Episode e = new PrioritySortTask(new PrioritySortTaskConfig(2, 3, 2)).episode(1L, 1L);
        DataSet ds = EpisodeBatch.toDataSet(List.of(e));
        float[] flat = ds.getFeatures().reshape(4 * 6).toFloatVector();
        for (int c = 0; c < 4; c++) {
            for (int t = 0; t < 6; t++) {
                assertEquals(e.input()[c][t], flat[c * 6 + t]);
            }
        }
        assertArrayEquals(e.targetMask(), ds.getLabelsMaskArray().toFloatVector());
    }

    @Test
    void rejectsEmptyAndMixedWidths() {
        assertThrows(IllegalArgumentException.class, () -> EpisodeBatch.toDataSet(List.of()));
        assertThrows(IllegalArgumentException.class, () -> EpisodeBatch.generate(COPY, 1L, new long[0]));
        Episode copy = COPY.episode(1L, 1L);
        Episode wider = new CopyTask(new CopyTaskConfig(4, 1, 6)).episode(1L, 1L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EpisodeBatch.toDataSet(List.of(copy, wider)));
        assertEquals(true, e.getMessage().contains("episode 1"), e.getMessage());
        Episode sameInputOtherOutput = new Episode(new float[4][2], new float[2][2], new float[2]);
        assertThrows(IllegalArgumentException.class, () -> EpisodeBatch.toDataSet(List.of(copy, sameInputOtherOutput)));
    }

    @Test
    void episodeRejectsInconsistentShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Episode(new float[2][3], new float[1][3], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> new Episode(new float[2][2], new float[1][3], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> new Episode(new float[0][2], new float[1][2], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> new Episode(new float[1][0], new float[1][0], new float[0]));
    }

    @Test
    void padTimeAppendsZeroStepsAndKeepsTheRest() {
        CopyTask task = new CopyTask(new CopyTaskConfig(3, 1, 4));
        org.nd4j.linalg.dataset.DataSet ds = EpisodeBatch.generate(task, 7L, new long[] {0, 1, 2});
        long have = ds.getFeatures().size(2);
        org.nd4j.linalg.dataset.DataSet padded = EpisodeBatch.padTime(ds, task.maxLength());
        assertEquals(task.maxLength(), padded.getFeatures().size(2));
        assertEquals(task.maxLength(), padded.getLabelsMaskArray().size(1));
        var keep = org.nd4j.linalg.indexing.NDArrayIndex.interval(0, have);
        var all = org.nd4j.linalg.indexing.NDArrayIndex.all();
        assertEquals(ds.getFeatures(), padded.getFeatures().get(all, all, keep));
        assertEquals(ds.getLabels(), padded.getLabels().get(all, all, keep));
        assertEquals(ds.getFeaturesMaskArray(), padded.getFeaturesMaskArray().get(all, keep));
        assertEquals(ds.getLabelsMaskArray(), padded.getLabelsMaskArray().get(all, keep));
        assertEquals(ds.getFeatures().sumNumber().doubleValue(), padded.getFeatures().sumNumber().doubleValue(), 0);
        assertEquals(ds.getLabelsMaskArray().sumNumber().doubleValue(), padded.getLabelsMaskArray().sumNumber().doubleValue(), 0);
        assertThrows(IllegalArgumentException.class, () -> EpisodeBatch.padTime(padded, task.maxLength() - 1));
    }
}
