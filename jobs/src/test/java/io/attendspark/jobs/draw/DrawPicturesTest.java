package io.attendspark.jobs.draw;

import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each DRAW picture encodes to a PNG that decodes with the expected size; windows are drawn in red. */
class DrawPicturesTest {

    private static final DrawConfig C = DrawConfig.defaults().withSizes(12, 2, 3, 8, 8, 4).withSteps(4);
    private static final int G = DrawPictures.GUTTER;

    private static BufferedImage roundTrip(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DrawPictures.writePng(image, bytes);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertNotNull(back, "not a decodable PNG");
        return back;
    }

    @Test
    void picturesDecodeWithTheExpectedSizes() throws IOException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph g = DrawModels.build(C);
        int scale = 2, cell = 12 * scale;

        BufferedImage samples = roundTrip(DrawPictures.samples(g, C, 5, 3, scale, 1));
        assertEquals(3 * cell + 2 * G, samples.getWidth());
        assertEquals(2 * cell + G, samples.getHeight());

        BufferedImage steps = roundTrip(DrawPictures.steps(g, C, 3, 10, scale, 2));
        assertEquals(4 * cell + 3 * G, steps.getWidth());                       // T = 4 < 10 columns
        assertEquals(3 * cell + 2 * G, steps.getHeight());
        boolean red = false;
        for (int y = 0; y < steps.getHeight() && !red; y++) {
            for (int x = 0; x < steps.getWidth() && !red; x++) {
                int rgb = steps.getRGB(x, y);
                red = ((rgb >> 16) & 0xFF) > 200 && ((rgb >> 8) & 0xFF) < 100;
            }
        }
        assertTrue(red, "no write window drawn");
        assertEquals(2 * cell + G, roundTrip(DrawPictures.steps(g, C, 1, 2, scale, 2)).getWidth());

        Nd4j.getRandom().setSeed(3);
        INDArray images = Nd4j.rand(DataType.FLOAT, 3, 1, 12, 12).gt(0.5).castTo(DataType.FLOAT);
        BufferedImage rec = roundTrip(DrawPictures.reconstructions(g, C, images, 2, scale));
        assertEquals(4 * cell + 3 * G, rec.getWidth());                          // 2 pairs per row
        assertEquals(2 * cell + G, rec.getHeight());
        assertEquals(images.getDouble(0, 0, 0, 0) > 0 ? 255 : 0, rec.getRGB(0, 0) & 0xFF);

        DrawConfig plain = C.withAttention(false);
        BufferedImage noWindows = roundTrip(DrawPictures.steps(DrawModels.build(plain), plain, 2, 2, 1, 3));
        assertEquals(2 * 12 + G, noWindows.getWidth());
        assertThrows(IllegalArgumentException.class, () -> DrawPictures.samples(g, C, 2, 0, 1, 1));
    }
}
