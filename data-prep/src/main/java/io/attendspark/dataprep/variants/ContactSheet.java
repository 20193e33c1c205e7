package io.attendspark.dataprep.variants;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A grayscale PNG grid of examples for eyeballing a variant (cf. the example figures of Jaderberg et
 * al., arXiv:1506.02025v3, and Gregor et al., arXiv:1502.04623v2): white digit on black, each image
 * upscaled by an integer factor with nearest neighbour, a {@value #GUTTER}-px grey ({@value #GUTTER_GREY})
 * gutter between cells (none around the border). Cells are as large as the largest example; smaller
 * ones sit top-left; empty cells of the last row stay gutter grey. Columns used = min(columns,
 * examples). Pure {@code java.awt.image} + ImageIO, no fonts, so it runs headless.
 *
 * <p>The image is {@link BufferedImage#TYPE_BYTE_GRAY} with sample {@code round(255·v)}; read values
 * back via the raster ({@code getRaster().getSample}), not {@code getRGB}, which converts colour spaces.
 */
public final class ContactSheet {
    /** Gutter width in pixels. */
    public static final int GUTTER = 2;
    /** Grey level of the gutter. */
    public static final int GUTTER_GREY = 128;

    private ContactSheet() {
    }

    /** Render {@code examples} as a grid {@code columns} wide, each pixel drawn {@code scale × scale}. */
    public static BufferedImage render(List<ImageExample> examples, int columns, int scale) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("contact sheet needs >= 1 example");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("contact sheet columns must be >= 1 but was " + columns);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("contact sheet scale must be >= 1 but was " + scale);
        }
        int cellH = 0;
        int cellW = 0;
        for (ImageExample e : examples) {
            cellH = Math.max(cellH, e.height() * scale);
            cellW = Math.max(cellW, e.width() * scale);
        }
        int cols = Math.min(columns, examples.size());
        int rows = (examples.size() + cols - 1) / cols;
        long width = (long) cols * cellW + (long) (cols - 1) * GUTTER;
        long height = (long) rows * cellH + (long) (rows - 1) * GUTTER;
        if (width * height > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("contact sheet too large: " + width + "x" + height);
        }
        BufferedImage image = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, GUTTER_GREY);
            }
        }
        for (int i = 0; i < examples.size(); i++) {
            int x0 = (i % cols) * (cellW + GUTTER);
            int y0 = (i / cols) * (cellH + GUTTER);
            fillCell(raster, x0, y0, cellW, cellH, examples.get(i), scale);
        }
        return image;
    }

    /** Render as in {@link #render} and write it to {@code out} as PNG (the stream is not closed). */
    public static void writePng(List<ImageExample> examples, int columns, int scale, OutputStream out) {
        BufferedImage image = render(examples, columns, scale);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no ImageIO writer for png");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write contact sheet PNG", e);
        }
    }

    private static void fillCell(WritableRaster raster, int x0, int y0, int cellW, int cellH, ImageExample e,
                                 int scale) {
        for (int y = 0; y < cellH; y++) {
            int r = y / scale;
            for (int x = 0; x < cellW; x++) {
                int c = x / scale;
                int grey = r < e.height() && c < e.width() ? Math.round(255f * e.pixel(r, c)) : 0;
                raster.setSample(x0 + x, y0 + y, 0, grey);
            }
        }
    }
}
