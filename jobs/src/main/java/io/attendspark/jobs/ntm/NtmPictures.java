package io.attendspark.jobs.ntm;

import io.attendspark.models.ntm.NtmTrace;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One episode of a Neural Turing Machine as stacked heatmaps, like the paper's Figs. 4, 6 and 9
 * (Graves et al., "Neural Turing Machines", arXiv:1410.5401v2): inputs, targets, outputs, then the
 * weightings of every read head and every write head over time (time runs left to right, one cell
 * {@code scale × scale} pixels; black 0, white 1). Each panel has its name in a
 * {@value #LABEL_WIDTH}-px label column on the left; panels are {@value #GAP} px apart (grey).
 *
 * <p>Grayscale PNG through ImageIO. Labels need a font; on a machine without one (headless server
 * with no fontconfig) the labels are left out and the heatmaps are still written.
 */
public final class NtmPictures {

    /** Width of the label column in pixels. */
    public static final int LABEL_WIDTH = 96;
    /** Vertical gap between panels in pixels. */
    public static final int GAP = 4;
    private static final int GAP_GREY = 96;

    private NtmPictures() {
    }

    private record Panel(String label, double[][] cells) {          // cells[row][t]
    }

    /**
     * Renders episode {@code episode} of a batch.
     *
     * @param trace    {@code NtmModels.trace(graph, features)}
     * @param features {@code [b, inputWidth, T]}
     * @param labels   {@code [b, outputWidth, T]}
     * @param scale    pixels per cell side, ≥ 1
     */
    public static BufferedImage render(NtmTrace trace, INDArray features, INDArray labels, int episode, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("ntm picture scale must be >= 1 but was " + scale);
        }
        long b = trace.outputs().size(0);
        if (episode < 0 || episode >= b) {
            throw new IllegalArgumentException("ntm picture episode must be in [0, " + b + ") but was " + episode);
        }
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("inputs", matrix(features, episode)));
        panels.add(new Panel("targets", matrix(labels, episode)));
        panels.add(new Panel("outputs", matrix(trace.outputs(), episode)));
        for (int h = 0; h < trace.readWeights().size(1); h++) {
            panels.add(new Panel("read w " + h, head(trace.readWeights(), episode, h)));
        }
        for (int h = 0; h < trace.writeWeights().size(1); h++) {
            panels.add(new Panel("write w " + h, head(trace.writeWeights(), episode, h)));
        }
        int steps = panels.get(0).cells()[0].length;
        for (Panel p : panels) {
            if (p.cells()[0].length != steps) {
                throw new IllegalArgumentException("ntm picture panel " + p.label() + " must have " + steps
                        + " steps but had " + p.cells()[0].length);
            }
        }
        int width = LABEL_WIDTH + steps * scale;
        int height = -GAP;
        for (Panel p : panels) {
            height += p.cells().length * scale + GAP;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        fill(raster, 0, 0, width, height, GAP_GREY);
        int y0 = 0;
        List<int[]> labelPositions = new ArrayList<>();
        for (Panel p : panels) {
            int rows = p.cells().length;
            fill(raster, 0, y0, LABEL_WIDTH, rows * scale, 0);
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < steps; t++) {
                    int grey = (int) Math.round(255 * Math.min(1, Math.max(0, p.cells()[r][t])));
                    fill(raster, LABEL_WIDTH + t * scale, y0 + r * scale, scale, scale, grey);
                }
            }
            labelPositions.add(new int[]{y0, rows * scale});
            y0 += rows * scale + GAP;
        }
        drawLabels(image, panels, labelPositions);
        return image;
    }

    /** Renders as {@link #render} and writes a PNG to {@code out} (not closed). */
    public static void writePng(NtmTrace trace, INDArray features, INDArray labels, int episode, int scale,
                                OutputStream out) {
        try {
            if (!ImageIO.write(render(trace, features, labels, episode, scale), "png", out)) {
                throw new IllegalStateException("no ImageIO writer for png");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write NTM picture", e);
        }
    }

    /** Renders as {@link #render} and writes a PNG file. */
    public static void writePng(NtmTrace trace, INDArray features, INDArray labels, int episode, int scale, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writePng(trace, features, labels, episode, scale, out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write NTM picture " + file, e);
        }
    }

    private static double[][] matrix(INDArray a, int episode) {                 // a [b, rows, T]
        double[][] m = new double[(int) a.size(1)][(int) a.size(2)];
        for (int r = 0; r < m.length; r++) {
            for (int t = 0; t < m[r].length; t++) {
                m[r][t] = a.getDouble(episode, r, t);
            }
        }
        return m;
    }

    private static double[][] head(INDArray w, int episode, int h) {            // w [b, heads, N, T]
        double[][] m = new double[(int) w.size(2)][(int) w.size(3)];
        for (int r = 0; r < m.length; r++) {
            for (int t = 0; t < m[r].length; t++) {
                m[r][t] = w.getDouble(episode, h, r, t);
            }
        }
        return m;
    }

    private static void fill(WritableRaster raster, int x0, int y0, int w, int h, int grey) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                raster.setSample(x, y, 0, grey);
            }
        }
    }

    private static void drawLabels(BufferedImage image, List<Panel> panels, List<int[]> positions) {
        Graphics2D g = null;
        try {
            g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i < panels.size(); i++) {
                int[] pos = positions.get(i);
                int baseline = pos[0] + Math.min(pos[1], 12) - 1;
                g.drawString(panels.get(i).label(), 3, baseline);
            }
        } catch (RuntimeException | LinkageError e) {
            // no usable font on this machine (e.g. headless without fontconfig): keep the heatmaps
        } finally {
            if (g != null) {
                g.dispose();
            }
        }
    }
}
