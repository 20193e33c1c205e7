package io.attendspark.jobs.draw;

import io.attendspark.jobs.io.ModelOutput;
import io.attendspark.models.draw.DrawConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The DRAW pictures written beside a model: generated digits, the canvas step by step, reconstructions. */
public final class DrawArtifacts {
    public static final String SAMPLES = "samples.png";
    public static final String STEPS = "steps.png";
    public static final String RECONSTRUCTIONS = "reconstructions.png";
    private static final int SCALE = 2;
    private static final int STEP_SAMPLES = 8;
    private static final int MAX_STEP_COLUMNS = 16;

    private DrawArtifacts() {
    }

    /**
     * Writes {@link #SAMPLES} ({@code n} generated digits), {@link #STEPS} (8 samples drawn step by
     * step with the write window) and, when {@code testImages} is given, {@link #RECONSTRUCTIONS};
     * returns the file names.
     */
    public static List<String> write(ModelOutput out, ComputationGraph graph, DrawConfig config, INDArray testImages, int n,
            long seed) throws IOException {
        List<String> written = new ArrayList<>();
        int columns = (int) Math.ceil(Math.sqrt(n));
        try (OutputStream png = out.create(SAMPLES)) {
            DrawPictures.writePng(DrawPictures.samples(graph, config, n, columns, SCALE, seed), png);
        }
        written.add(SAMPLES);
        try (OutputStream png = out.create(STEPS)) {
            DrawPictures.writePng(DrawPictures.steps(graph, config, Math.min(n, STEP_SAMPLES), MAX_STEP_COLUMNS, SCALE * 2,
                    seed + 1), png);
        }
        written.add(STEPS);
        if (testImages != null) {
            int m = (int) Math.min(n, testImages.size(0));
            try (OutputStream png = out.create(RECONSTRUCTIONS)) {
                DrawPictures.writePng(DrawPictures.reconstructions(graph, config,
                        testImages.get(NDArrayIndex.interval(0, m)), Math.max(1, columns / 2), SCALE), png);
            }
            written.add(RECONSTRUCTIONS);
        }
        return written;
    }
}
