package io.attendspark.jobs.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small PNG line chart for learning curves: one or more named series over a shared x axis,
 * each on its own stacked panel with its own y range (linear), min/max labelled.
 */
public final class LinePlot {
    public static final int WIDTH = 720;
    public static final int PANEL_HEIGHT = 200;
    private static final int MARGIN_LEFT = 80;
    private static final int MARGIN_RIGHT = 44;
    private static final int MARGIN_TOP = 28;
    private static final int MARGIN_BOTTOM = 36;

    /** Log-scale panels show values below this at this value. */
    public static final double LOG_FLOOR = 1e-3;

    /** A named series of points (same length arrays), on a linear or a log10 y axis. */
    public record Series(String name, double[] x, double[] y, boolean log) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' must have as many x as y values but had "
                        + x.length + " and " + y.length);
            }
        }
    }

    private final String xLabel;
    private final List<Series> series = new ArrayList<>();

    public LinePlot(String xLabel) {
        this.xLabel = xLabel;
    }

    public LinePlot add(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, false));
        return this;
    }

    /**
     * A panel with a log10 y axis (values at or below {@link #LOG_FLOOR} drawn at the floor), for
     * curves whose interesting part is close to zero, e.g. a cost going from 90 to 0.01.
     */
    public LinePlot addLog(String name, double[] x, double[] y) {
        double[] logY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            logY[i] = Double.isNaN(y[i]) ? Double.NaN : Math.log10(Math.max(LOG_FLOOR, y[i]));
        }
        series.add(new Series(name + " (log scale)", x, logY, true));
        return this;
    }

    /** The series added so far. */
    List<Series> series() {
        return List.copyOf(series);
    }

    public BufferedImage render() {
        if (series.isEmpty()) {
            throw new IllegalStateException("a plot needs at least one series");
        }
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * series.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < series.size(); i++) {
            panel(g, series.get(i), i * PANEL_HEIGHT);
        }
        g.dispose();
        return image;
    }

    public void writePng(OutputStream out) throws IOException {
        if (!ImageIO.write(render(), "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }

    private void panel(Graphics2D g, Series s, int top) {
        int x0 = MARGIN_LEFT;
        int x1 = WIDTH - MARGIN_RIGHT;
        int y0 = top + PANEL_HEIGHT - MARGIN_BOTTOM;
        int y1 = top + MARGIN_TOP;
        double[] xr = finiteRange(s.x());
        double[] yr = finiteRange(s.y());
        g.setColor(Color.BLACK);
        g.drawString(s.name(), x0, top + 18);
        g.drawRect(x0, y1, x1 - x0, y0 - y1);
        g.drawString(format(s.log() ? Math.pow(10, yr[1]) : yr[1]), 4, y1 + 10);
        boolean atFloor = s.log() && yr[0] <= Math.log10(LOG_FLOOR) + 1e-12;
        g.drawString(atFloor ? "<= " + LOG_FLOOR : format(s.log() ? Math.pow(10, yr[0]) : yr[0]), 4, y0);
        if (s.log()) {                                     // light grid at each power of ten
            g.setColor(new Color(225, 225, 225));
            for (double e = Math.ceil(yr[0]); e <= yr[1]; e++) {
                int py = y0 - (int) Math.round((e - yr[0]) / (yr[1] - yr[0]) * (y0 - y1));
                g.drawLine(x0 + 1, py, x1 - 1, py);
                g.drawString(java.math.BigDecimal.ONE.scaleByPowerOfTen((int) e).toPlainString(), x1 + 2, py + 4);
            }
            g.setColor(Color.BLACK);
        }
        g.drawString(format(xr[0]), x0, y0 + 16);
        String right = format(xr[1]);
        g.drawString(right, x1 - g.getFontMetrics().stringWidth(right), y0 + 16);
        g.drawString(xLabel, (x0 + x1) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, y0 + 30);
        g.setColor(new Color(31, 119, 180));
        g.setStroke(new BasicStroke(1.5f));
        int prevX = -1;
        int prevY = -1;
        for (int i = 0; i < s.x().length; i++) {
            if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
                prevX = -1;
                continue;
            }
            int px = x0 + (int) Math.round((s.x()[i] - xr[0]) / (xr[1] - xr[0]) * (x1 - x0));
            int py = y0 - (int) Math.round((s.y()[i] - yr[0]) / (yr[1] - yr[0]) * (y0 - y1));
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, px, py);
            } else {
                g.fillOval(px - 1, py - 1, 3, 3);
            }
            prevX = px;
            prevY = py;
        }
    }

    private static double[] finiteRange(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12) {
            return new double[] {lo - 0.5, hi + 0.5};
        }
        return new double[] {lo, hi};
    }

    private static String format(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
