package io.attendspark.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LinePlotTest {
    @Test
    void oneStackedPanelPerSeriesAndTheLineIsDrawn() throws Exception {
        LinePlot plot = new LinePlot("sequences seen")
                .add("bits per sequence", new double[] {0, 1000, 2000}, new double[] {80, 20, 0.1})
                .add("bit errors per sequence", new double[] {0, 1000, 2000}, new double[] {40, Double.NaN, 0});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        plot.writePng(bytes);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(LinePlot.WIDTH, image.getWidth());
        assertEquals(2 * LinePlot.PANEL_HEIGHT, image.getHeight());
        int blue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if ((rgb & 0xFF) > 150 && ((rgb >> 16) & 0xFF) < 100) {
                    blue++;
                }
            }
        }
        assertNotEquals(0, blue, "the curve is drawn");
        assertThrows(IllegalStateException.class, () -> new LinePlot("x").render());
        assertThrows(IllegalArgumentException.class, () -> new LinePlot("x").add("y", new double[1], new double[2]));
    }

    /** On a log panel 100, 1 and 0.01 map to 2, 0, -2; 0 sits at the floor; it renders. */
    @Test
    void logPanelsPlotLog10WithAFloor() {
        LinePlot plot = new LinePlot("x").addLog("cost", new double[] {0, 1, 2, 3}, new double[] {100, 1, 0.01, 0});
        LinePlot.Series s = plot.series().get(0);
        assertEquals(2.0, s.y()[0], 1e-12);
        assertEquals(0.0, s.y()[1], 1e-12);
        assertEquals(-2.0, s.y()[2], 1e-12);
        assertEquals(Math.log10(LinePlot.LOG_FLOOR), s.y()[3], 1e-12);
        assertEquals("cost (log scale)", s.name());
        assertEquals(LinePlot.PANEL_HEIGHT, plot.render().getHeight());
    }
}
