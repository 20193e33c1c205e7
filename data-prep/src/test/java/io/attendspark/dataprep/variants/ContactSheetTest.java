package io.attendspark.dataprep.variants;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContactSheetTest {

    /** 28×28 example {@code k} with a single pixel of grey {@code 100 + k} at (row 3, col 5 + k % 20). */
    private static ImageExample dot(int k) {
        float[] pixels = new float[28 * 28];
        pixels[3 * 28 + 5 + k % 20] = (100 + k) / 255f;
        return new ImageExample(28, 28, pixels, k % 10);
    }

    @Test
    void pngDecodesToTheGrid() throws Exception {
        List<ImageExample> examples = new ArrayList<>();
        for (int k = 0; k < 64; k++) {
            examples.add(dot(k));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ContactSheet.writePng(examples, 8, 2, bytes);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertNotNull(png);
        int cell = 28 * 2;
        int side = 8 * cell + 7 * ContactSheet.GUTTER;
        assertEquals(side, png.getWidth());
        assertEquals(side, png.getHeight());

        int k = 19; // row 2, column 3 of the grid
        int x0 = 3 * (cell + ContactSheet.GUTTER);
        int y0 = 2 * (cell + ContactSheet.GUTTER);
        int x = x0 + (5 + k % 20) * 2;
        int y = y0 + 3 * 2;
        for (int d = 0; d < 4; d++) { // the 2×2 nearest-neighbour block
            assertEquals(100 + k, png.getRaster().getSample(x + d % 2, y + d / 2, 0));
        }
        assertEquals(0, png.getRaster().getSample(x + 2, y, 0));
        assertEquals(ContactSheet.GUTTER_GREY, png.getRaster().getSample(cell, 10, 0));
        assertEquals(ContactSheet.GUTTER_GREY, png.getRaster().getSample(10, cell + 1, 0));
        assertEquals(0, png.getRaster().getSample(cell + ContactSheet.GUTTER, 10, 0));
    }

    @Test
    void renderSizesPartialRowsAndRejectsBadArguments() {
        List<ImageExample> three = List.of(dot(0), dot(1), dot(2));
        BufferedImage img = ContactSheet.render(three, 2, 1);
        assertEquals(2 * 28 + ContactSheet.GUTTER, img.getWidth());
        assertEquals(2 * 28 + ContactSheet.GUTTER, img.getHeight());
        assertEquals(ContactSheet.GUTTER_GREY,
                img.getRaster().getSample(28 + ContactSheet.GUTTER + 1, 28 + ContactSheet.GUTTER + 1, 0),
                "the empty fourth cell is gutter grey");
        assertEquals(0, img.getRaster().getSample(1, 28 + ContactSheet.GUTTER + 1, 0), "the third cell is black");
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        assertEquals(3 * 28 + 2 * ContactSheet.GUTTER, ContactSheet.render(three, 8, 1).getWidth());
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.render(List.of(), 8, 1));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.render(three, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.render(three, 8, 0));
    }
}
