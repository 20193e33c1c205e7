package io.attendspark.jobs.prep;

import io.attendspark.dataprep.tasks.AlgorithmicTask;
import io.attendspark.dataprep.tasks.Episode;
import io.attendspark.dataprep.variants.ContactSheet;
import io.attendspark.dataprep.variants.ImageExample;
import io.attendspark.dataprep.variants.VariantGenerator;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** The picture a person looks at to see what a prep job made. */
final class PrepPreview {
    static final String FILE = "preview.png";
    static final int IMAGES = 64;
    static final int EPISODES = 8;

    private PrepPreview() {
    }

    /** Contact sheet of examples 0..63 of the variant, 8 per row. */
    static void variant(VariantGenerator generator, long seed, OutputStream out) {
        List<ImageExample> examples = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            examples.add(generator.example(seed, i));
        }
        ContactSheet.writePng(examples, 8, 2, out);
    }

    /**
     * Episodes 0..7 of the task, one per row: input channels on top, a blank row, then the target
     * (shown only where it is scored); time runs left to right, padded to the longest episode.
     */
    static void task(AlgorithmicTask task, long seed, OutputStream out) {
        List<Episode> episodes = new ArrayList<>();
        int width = 1;
        for (int i = 0; i < EPISODES; i++) {
            Episode e = task.episode(seed, i);
            episodes.add(e);
            width = Math.max(width, e.length());
        }
        int height = task.inputWidth() + 1 + task.outputWidth();
        List<ImageExample> images = new ArrayList<>();
        for (Episode e : episodes) {
            float[] pixels = new float[height * width];
            for (int c = 0; c < task.inputWidth(); c++) {
                for (int t = 0; t < e.length(); t++) {
                    pixels[c * width + t] = clamp(e.input()[c][t]);
                }
            }
            for (int c = 0; c < task.outputWidth(); c++) {
                for (int t = 0; t < e.length(); t++) {
                    pixels[(task.inputWidth() + 1 + c) * width + t] = e.targetMask()[t] > 0 ? clamp(e.target()[c][t]) : 0f;
                }
            }
            images.add(new ImageExample(height, width, pixels, 0));
        }
        ContactSheet.writePng(images, 1, 8, out);
    }

    /** Priorities and normalised counts may leave [0, 1]; the picture shows their magnitude. */
    private static float clamp(float v) {
        return Math.min(1f, Math.abs(v));
    }
}
