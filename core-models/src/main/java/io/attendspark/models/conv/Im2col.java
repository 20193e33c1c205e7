package io.attendspark.models.conv;

/**
 * Geometry of a 2-D convolution over NCHW images (stride, zero padding, no dilation) and its im2col
 * gather table: entry {@code (r, p)} with {@code r = (c·kH + ky)·kW + kx} and {@code p = oy·outW + ox}
 * is the offset, inside one image, of the input pixel {@code (c, oy·sH − pH + ky, ox·sW − pW + kx)}
 * that the kernel tap r sees at output pixel p, or −1 where that pixel lies in the zero padding.
 *
 * <p>With it, {@code z[n, o, p] = b[o] + Σ_r W[o, r] · x[n, index(r, p)]}: for each image n the
 * convolution is the product of the weights {@code [O, C·kH·kW]} and its gathered columns
 * {@code [C·kH·kW, P]}. Its input gradient is the same table used backwards (scatter-add).
 */
final class Im2col {

    final int channels;
    final int height;
    final int width;
    final int outH;
    final int outW;
    /** Kernel taps per output value, {@code C·kH·kW}. */
    final int rows;
    /** Output pixels per image, {@code outH·outW}. */
    final int pixels;
    private final int imageSize;
    private final int[] index;
    /** Per (tap r, output row oy): offset of the input run read by the whole row when it is contiguous
     * (stride 1 across and no column in the padding), else −1; lets gather and scatter copy whole rows. */
    private final int[] rowRun;

    Im2col(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW, int padH,
           int padW) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.outH = (height + 2 * padH - kernelH) / strideH + 1;
        this.outW = (width + 2 * padW - kernelW) / strideW + 1;
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("convolution of a " + height + "x" + width + " input with a " + kernelH
                    + "x" + kernelW + " kernel (stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW
                    + ") has no output pixels");
        }
        this.rows = channels * kernelH * kernelW;
        this.pixels = outH * outW;
        this.imageSize = channels * height * width;
        this.index = new int[Math.multiplyExact(rows, pixels)];
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kernelH; ky++) {
                for (int kx = 0; kx < kernelW; kx++) {
                    int base = ((c * kernelH + ky) * kernelW + kx) * pixels;
                    for (int oy = 0; oy < outH; oy++) {
                        int y = oy * strideH - padH + ky;
                        for (int ox = 0; ox < outW; ox++) {
                            int x = ox * strideW - padW + kx;
                            boolean inside = y >= 0 && y < height && x >= 0 && x < width;
                            index[base + oy * outW + ox] = inside ? (c * height + y) * width + x : -1;
                        }
                    }
                }
            }
        }
        this.rowRun = new int[rows * outH];
        for (int r = 0; r < rows; r++) {
            for (int oy = 0; oy < outH; oy++) {
                int first = index[r * pixels + oy * outW];
                int last = index[r * pixels + oy * outW + outW - 1];
                boolean run = strideW == 1 && first >= 0 && last == first + outW - 1;
                rowRun[r * outH + oy] = run ? first : -1;
            }
        }
    }

    /**
     * {@code cols[n·R·P + r·P + p] = x[n, index(r, p)]} (0 in the padding) for {@code batch} images:
     * each image's column matrix {@code [R, P]}, one after the other.
     */
    void gather(float[] x, int batch, float[] cols) {
        for (int n = 0; n < batch; n++) {
            gatherImage(x, n, cols, n * rows * pixels);
        }
    }

    /** As {@link #gather(float[], int, float[])}, in double. */
    void gather(double[] x, int batch, double[] cols) {
        for (int n = 0; n < batch; n++) {
            gatherImage(x, n, cols, n * rows * pixels);
        }
    }

    /**
     * Image n's column matrix: {@code col[at + r·P + p] = x[n, index(r, p)]} (0 in the padding), the
     * {@code R·P} values its kernel taps see.
     */
    void gatherImage(float[] x, int n, float[] col, int at) {
        int image = n * imageSize;
        for (int r = 0; r < rows; r++) {
            int tap = r * pixels;
            for (int oy = 0; oy < outH; oy++) {
                int run = rowRun[r * outH + oy];
                int o = at + tap + oy * outW;
                if (run >= 0) {
                    System.arraycopy(x, image + run, col, o, outW);
                    continue;
                }
                for (int ox = 0; ox < outW; ox++) {
                    int i = index[tap + oy * outW + ox];
                    col[o + ox] = i < 0 ? 0f : x[image + i];
                }
            }
        }
    }

    /** As {@link #gatherImage(float[], int, float[], int)}, in double. */
    void gatherImage(double[] x, int n, double[] col, int at) {
        int image = n * imageSize;
        for (int r = 0; r < rows; r++) {
            int tap = r * pixels;
            for (int oy = 0; oy < outH; oy++) {
                int run = rowRun[r * outH + oy];
                int o = at + tap + oy * outW;
                if (run >= 0) {
                    System.arraycopy(x, image + run, col, o, outW);
                    continue;
                }
                for (int ox = 0; ox < outW; ox++) {
                    int i = index[tap + oy * outW + ox];
                    col[o + ox] = i < 0 ? 0.0 : x[image + i];
                }
            }
        }
    }

    /** The adjoint of {@link #gather(float[], int, float[])}: {@code dx} must start at 0. */
    void scatterAdd(float[] cols, int batch, float[] dx) {
        for (int n = 0; n < batch; n++) {
            scatterAddImage(cols, n * rows * pixels, n, dx);
        }
    }

    /** As {@link #scatterAdd(float[], int, float[])}, in double. */
    void scatterAdd(double[] cols, int batch, double[] dx) {
        for (int n = 0; n < batch; n++) {
            scatterAddImage(cols, n * rows * pixels, n, dx);
        }
    }

    /**
     * The adjoint of {@link #gatherImage(float[], int, float[], int)} (col2im of one image):
     * {@code dx[n, index(r, p)] += col[at + r·P + p]} (nothing for taps in the padding).
     */
    void scatterAddImage(float[] col, int at, int n, float[] dx) {
        int image = n * imageSize;
        for (int r = 0; r < rows; r++) {
            int tap = r * pixels;
            for (int oy = 0; oy < outH; oy++) {
                int run = rowRun[r * outH + oy];
                int from = at + tap + oy * outW;
                if (run >= 0) {
                    int to = image + run;
                    for (int ox = 0; ox < outW; ox++) {
                        dx[to + ox] += col[from + ox];
                    }
                    continue;
                }
                for (int ox = 0; ox < outW; ox++) {
                    int i = index[tap + oy * outW + ox];
                    if (i >= 0) {
                        dx[image + i] += col[from + ox];
                    }
                }
            }
        }
    }

    /** As {@link #scatterAddImage(float[], int, int, float[])}, in double. */
    void scatterAddImage(double[] col, int at, int n, double[] dx) {
        int image = n * imageSize;
        for (int r = 0; r < rows; r++) {
            int tap = r * pixels;
            for (int oy = 0; oy < outH; oy++) {
                int run = rowRun[r * outH + oy];
                int from = at + tap + oy * outW;
                if (run >= 0) {
                    int to = image + run;
                    for (int ox = 0; ox < outW; ox++) {
                        dx[to + ox] += col[from + ox];
                    }
                    continue;
                }
                for (int ox = 0; ox < outW; ox++) {
                    int i = index[tap + oy * outW + ox];
                    if (i >= 0) {
                        dx[image + i] += col[from + ox];
                    }
                }
            }
        }
    }

    /** Values in one input image, {@code C·H·W}. */
    int imageSize() {
        return imageSize;
    }
}
