package io.attendspark.jobs.draw;

import io.attendspark.models.draw.DrawCanvases;
import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * PNG pictures of a DRAW model (Gregor et al., arXiv:1502.04623v2, Figs. 7–8): (1) a grid of generated
 * digits σ(c_T); (2) the canvas step by step, one row per sample, one column per (selected) step, with
 * the write window (grid centre ± N·δ/2) drawn as a red rectangle; (3) originals next to their
 * reconstructions. White ink on black, each pixel drawn {@code scale × scale}, a {@value #GUTTER}-px
 * grey gutter between cells. Pure java.awt + ImageIO (headless). Streams are not closed.
 */
public final class DrawPictures {

    /** Gutter between cells in pixels. */
    public static final int GUTTER = 2;
    private static final Color GUTTER_COLOUR = new Color(128, 128, 128);
    private static final Color WINDOW_COLOUR = new Color(255, 40, 40);

    private DrawPictures() {
    }

    /** (1) Final canvases of {@code n} generated samples in a grid {@code columns} wide. */
    public static BufferedImage samples(ComputationGraph graph, DrawConfig c, int n, int columns, int scale, long seed) {
        return grid(DrawModels.generate(graph, c, n, seed).last(), columns, scale);
    }

    /** (2) Canvas after each step for {@code n} samples, at most {@code maxSteps} columns (evenly spaced, last included). */
    public static BufferedImage steps(ComputationGraph graph, DrawConfig c, int n, int maxSteps, int scale, long seed) {
        return steps(DrawModels.generate(graph, c, n, seed), c.writeN(), maxSteps, scale);
    }

    /** (3) Originals [n, 1, H, W] and their reconstructions σ(c_T), as pairs in a grid {@code pairsPerRow} wide. */
    public static BufferedImage reconstructions(ComputationGraph graph, DrawConfig c, INDArray images, int pairsPerRow,
                                                int scale) {
        return pairs(images, DrawModels.reconstruct(graph, c, images), pairsPerRow, scale);
    }

    /** A grid of images {@code [n, H, W]} (or [n, 1, H, W]) with values in [0, 1]. */
    public static BufferedImage grid(INDArray images, int columns, int scale) {
        INDArray im = images.rank() == 4 ? images.reshape(images.size(0), images.size(2), images.size(3)) : images;
        int n = (int) im.size(0), h = (int) im.size(1), w = (int) im.size(2);
        requirePositive("columns", columns);
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        BufferedImage out = canvas(cols, rows, w * scale, h * scale);
        for (int i = 0; i < n; i++) {
            paint(out, im, i, (i % cols) * (w * scale + GUTTER), (i / cols) * (h * scale + GUTTER), scale);
        }
        return out;
    }

    /** Rows = samples, columns = selected steps of {@code c.canvases()} [n, T, H, W], write windows in red. */
    public static BufferedImage steps(DrawCanvases c, int writeN, int maxSteps, int scale) {
        requirePositive("maxSteps", maxSteps);
        INDArray cv = c.canvases();
        int n = (int) cv.size(0), t = (int) cv.size(1), h = (int) cv.size(2), w = (int) cv.size(3);
        int cols = Math.min(maxSteps, t);
        BufferedImage out = canvas(cols, n, w * scale, h * scale);
        Graphics2D g = out.createGraphics();
        g.setColor(WINDOW_COLOUR);
        g.setStroke(new BasicStroke(Math.max(1, scale / 2f)));
        for (int col = 0; col < cols; col++) {
            int step = cols == 1 ? t - 1 : (int) Math.round(col * (t - 1) / (double) (cols - 1));
            for (int s = 0; s < n; s++) {
                int x0 = col * (w * scale + GUTTER), y0 = s * (h * scale + GUTTER);
                INDArray img = cv.get(org.nd4j.linalg.indexing.NDArrayIndex.point(s),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(step));
                paint(out, img.reshape(1, h, w), 0, x0, y0, scale);
                if (c.windows() != null) {
                    double gx = c.windows().getDouble(s, step, 0), gy = c.windows().getDouble(s, step, 1);
                    double half = writeN * c.windows().getDouble(s, step, 2) / 2;
                    g.setClip(x0, y0, w * scale, h * scale);                 // windows may reach off the canvas
                    g.drawRect((int) Math.round(x0 + (gx + 0.5 - half) * scale),
                            (int) Math.round(y0 + (gy + 0.5 - half) * scale),
                            (int) Math.round(2 * half * scale), (int) Math.round(2 * half * scale));
                    g.setClip(null);
                }
            }
        }
        g.dispose();
        return out;
    }

    /** Pairs (original, reconstruction) side by side, {@code pairsPerRow} pairs per row. */
    public static BufferedImage pairs(INDArray originals, INDArray reconstructions, int pairsPerRow, int scale) {
        requirePositive("pairsPerRow", pairsPerRow);
        long n = originals.size(0);
        INDArray both = org.nd4j.linalg.factory.Nd4j.create(originals.dataType(), 2 * n, originals.size(2),
                originals.size(3));
        for (int i = 0; i < n; i++) {
            both.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2L * i)).assign(originals.slice(i).reshape(
                    originals.size(2), originals.size(3)));
            both.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2L * i + 1)).assign(reconstructions.slice(i).reshape(
                    originals.size(2), originals.size(3)));
        }
        return grid(both, 2 * pairsPerRow, scale);
    }

    /** Writes {@code image} as PNG to {@code out} (not closed). */
    public static void writePng(BufferedImage image, OutputStream out) {
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no ImageIO writer for png");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write DRAW picture PNG", e);
        }
    }

    private static BufferedImage canvas(int cols, int rows, int cellW, int cellH) {
        int width = cols * cellW + (cols - 1) * GUTTER, height = rows * cellH + (rows - 1) * GUTTER;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(GUTTER_COLOUR);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return out;
    }

    /** Image {@code i} of {@code images} [n, H, W] at (x0, y0), grey = round(255·v), v clamped to [0, 1]. */
    private static void paint(BufferedImage out, INDArray images, int i, int x0, int y0, int scale) {
        int h = (int) images.size(1), w = (int) images.size(2);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int grey = (int) Math.round(255 * Math.min(1, Math.max(0, images.getDouble(i, r, c))));
                int rgb = (grey << 16) | (grey << 8) | grey;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x0 + c * scale + dx, y0 + r * scale + dy, rgb);
                    }
                }
            }
        }
    }

    private static void requirePositive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("draw pictures " + what + " must be >= 1 but was " + v);
        }
    }
}
