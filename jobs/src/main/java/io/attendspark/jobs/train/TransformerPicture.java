package io.attendspark.jobs.train;

import io.attendspark.dataprep.variants.ContactSheet;
import io.attendspark.dataprep.variants.ImageExample;
import io.attendspark.models.stn.StnModels;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test digits next to what the spatial transformer made of them: input, output, input, output, ... */
final class TransformerPicture {
    static final String FILE = "transformer.png";

    private TransformerPicture() {
    }

    /** @param features {@code [n, 1, H, W]} test images */
    static void write(ComputationGraph graph, INDArray features, OutputStream out) {
        INDArray transformed = StnModels.transformed(graph, features); // [n, 1, H', W']
        List<ImageExample> cells = new ArrayList<>();
        for (int i = 0; i < features.size(0); i++) {
            cells.add(image(features, i));
            cells.add(image(transformed, i));
        }
        ContactSheet.writePng(cells, 8, 3, out);
    }

    private static ImageExample image(INDArray batch, int i) {
        int h = (int) batch.size(2);
        int w = (int) batch.size(3);
        float[] pixels = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup('c').data().asFloat();
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = Math.max(0f, Math.min(1f, pixels[p]));
        }
        return new ImageExample(h, w, pixels, 0);
    }
}
