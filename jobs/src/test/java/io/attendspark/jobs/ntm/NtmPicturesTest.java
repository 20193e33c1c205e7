package io.attendspark.jobs.ntm;

import io.attendspark.models.ntm.NtmTrace;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The episode picture decodes as a PNG of the expected size, with the heatmap cells where they belong. */
class NtmPicturesTest {

    @Test
    void pngDecodesWithExpectedSizeAndCells() throws IOException {
        int b = 2, in = 5, out = 4, n = 8, steps = 7, scale = 3;
        INDArray features = Nd4j.zeros(DataType.FLOAT, b, in, steps);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, b, out, steps);
        INDArray outputs = Nd4j.zeros(DataType.FLOAT, b, out, steps);
        INDArray reads = Nd4j.zeros(DataType.FLOAT, b, 2, n, steps);
        INDArray writes = Nd4j.zeros(DataType.FLOAT, b, 1, n, steps);
        features.putScalar(new long[]{1, 4, 3}, 1.0);                    // delimiter of episode 1 at t = 3
        writes.putScalar(new long[]{1, 0, 5, 2}, 1.0);                   // episode 1 writes row 5 at t = 2
        reads.putScalar(new long[]{0, 1, 5, 2}, 1.0);                    // episode 0 only: must not show
        NtmTrace trace = new NtmTrace(outputs, reads, writes);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NtmPictures.writePng(trace, features, labels, 1, scale, bytes);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertNotNull(image, "PNG must decode");
        int rows = in + out + out + 2 * n + n;                              // 5 panels + 2 read heads + 1 write head
        int panels = 6;
        assertEquals(NtmPictures.LABEL_WIDTH + steps * scale, image.getWidth());
        assertEquals(rows * scale + (panels - 1) * NtmPictures.GAP, image.getHeight());

        int x = NtmPictures.LABEL_WIDTH + 3 * scale + 1, y = 4 * scale + 1;
        assertEquals(255, image.getRaster().getSample(x, y, 0), "delimiter cell is white");
        int writeTop = (in + 2 * out + 2 * n) * scale + 5 * NtmPictures.GAP;       // below inputs, targets, outputs, 2 reads
        assertEquals(255, image.getRaster().getSample(NtmPictures.LABEL_WIDTH + 2 * scale + 1, writeTop + 5 * scale + 1, 0));
        int read1Top = (in + 2 * out + n) * scale + 4 * NtmPictures.GAP;
        assertEquals(0, image.getRaster().getSample(NtmPictures.LABEL_WIDTH + 2 * scale + 1, read1Top + 5 * scale + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> NtmPictures.render(trace, features, labels, 2, scale));
    }
}
