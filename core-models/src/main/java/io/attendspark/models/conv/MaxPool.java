package io.attendspark.models.conv;

/**
 * Max pooling over NCHW images (kernel kH×kW, stride sH×sW, no padding) in plain Java, keeping for
 * every output value the input offset it came from, so that the backward pass is one scatter:
 * {@code ∂x[argmax(o)] += ∂y[o]}. Ties go to the first maximum in row-major window order.
 *
 * <p>2×2 windows with stride 2 (the models' only pooling) take a branch-free path: the winning tap
 * is random, and the general loop's compare-and-branch mispredicted often enough to make this layer
 * 11 % of an ST-CNN iteration (issue 7 profile). That path keeps one byte per output (which of the
 * four taps won) and its backward writes all four taps of every window from a mask table.
 */
final class MaxPool {

    final int planes;      // N·C
    final int height;
    final int width;
    final int outH;
    final int outW;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    /** 2×2 windows, stride 2: the branch-free path, with {@link #tap} instead of {@link #argmax}. */
    private final boolean pairs;
    private final byte[] tap;
    private final int[] argmax;
    /** Tap code by (e0 | e1·2 | e2·4): the first of taps 0–2 equal to the maximum, else tap 3. */
    private static final byte[] FIRST = {3, 0, 1, 0, 2, 0, 1, 0};
    /** Row t: 1 at the tap that gets the gradient for tap code t (row-major in the window), else 0. */
    private static final float[] FLOAT_MASK = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    private static final double[] DOUBLE_MASK = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

    MaxPool(int planes, int height, int width, int kernelH, int kernelW, int strideH, int strideW) {
        this.planes = planes;
        this.height = height;
        this.width = width;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.outH = (height - kernelH) / strideH + 1;
        this.outW = (width - kernelW) / strideW + 1;
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("max pooling a " + height + "x" + width + " input with a " + kernelH
                    + "x" + kernelW + " window has no output pixels");
        }
        this.pairs = kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2;
        int outputs = Math.multiplyExact(planes, outH * outW);
        this.tap = pairs ? new byte[outputs] : null;
        this.argmax = pairs ? null : new int[outputs];
    }

    /** {@code y = maxpool(x)}, remembering where each maximum was. */
    void forward(float[] x, float[] y) {
        if (pairs) {
            int o = 0;
            for (int plane = 0; plane < planes; plane++) {
                for (int oy = 0; oy < outH; oy++) {
                    int a = (plane * height + 2 * oy) * width;
                    for (int ox = 0; ox < outW; ox++, o++, a += 2) {
                        float v0 = x[a], v1 = x[a + 1], v2 = x[a + width], v3 = x[a + width + 1];
                        float max = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                        y[o] = max;
                        tap[o] = FIRST[(v0 == max ? 1 : 0) | (v1 == max ? 2 : 0) | (v2 == max ? 4 : 0)];
                    }
                }
            }
            return;
        }
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * height * width;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++, o++) {
                    int start = base + oy * strideH * width + ox * strideW;
                    int best = start;
                    for (int ky = 0; ky < kernelH; ky++) {
                        for (int kx = 0; kx < kernelW; kx++) {
                            int i = start + ky * width + kx;
                            if (x[i] > x[best]) {
                                best = i;
                            }
                        }
                    }
                    argmax[o] = best;
                    y[o] = x[best];
                }
            }
        }
    }

    /** As {@link #forward(float[], float[])}, in double. */
    void forward(double[] x, double[] y) {
        if (pairs) {
            int o = 0;
            for (int plane = 0; plane < planes; plane++) {
                for (int oy = 0; oy < outH; oy++) {
                    int a = (plane * height + 2 * oy) * width;
                    for (int ox = 0; ox < outW; ox++, o++, a += 2) {
                        double v0 = x[a], v1 = x[a + 1], v2 = x[a + width], v3 = x[a + width + 1];
                        double max = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                        y[o] = max;
                        tap[o] = FIRST[(v0 == max ? 1 : 0) | (v1 == max ? 2 : 0) | (v2 == max ? 4 : 0)];
                    }
                }
            }
            return;
        }
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * height * width;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++, o++) {
                    int start = base + oy * strideH * width + ox * strideW;
                    int best = start;
                    for (int ky = 0; ky < kernelH; ky++) {
                        for (int kx = 0; kx < kernelW; kx++) {
                            int i = start + ky * width + kx;
                            if (x[i] > x[best]) {
                                best = i;
                            }
                        }
                    }
                    argmax[o] = best;
                    y[o] = x[best];
                }
            }
        }
    }

    /** {@code dx} (every element overwritten) = {@code dy} at the last forward's maxima, 0 elsewhere. */
    void backward(float[] dy, float[] dx) {
        if (!pairs) {
            java.util.Arrays.fill(dx, 0f);
            for (int o = 0; o < argmax.length; o++) {
                dx[argmax[o]] += dy[o];
            }
            return;
        }
        zeroUncovered(dx, null);
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            for (int oy = 0; oy < outH; oy++) {
                int a = (plane * height + 2 * oy) * width;
                for (int ox = 0; ox < outW; ox++, o++, a += 2) {
                    int t = tap[o] << 2;
                    float g = dy[o];
                    dx[a] = g * FLOAT_MASK[t];
                    dx[a + 1] = g * FLOAT_MASK[t + 1];
                    dx[a + width] = g * FLOAT_MASK[t + 2];
                    dx[a + width + 1] = g * FLOAT_MASK[t + 3];
                }
            }
        }
    }

    /** As {@link #backward(float[], float[])}, in double. */
    void backward(double[] dy, double[] dx) {
        if (!pairs) {
            java.util.Arrays.fill(dx, 0.0);
            for (int o = 0; o < argmax.length; o++) {
                dx[argmax[o]] += dy[o];
            }
            return;
        }
        zeroUncovered(null, dx);
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            for (int oy = 0; oy < outH; oy++) {
                int a = (plane * height + 2 * oy) * width;
                for (int ox = 0; ox < outW; ox++, o++, a += 2) {
                    int t = tap[o] << 2;
                    double g = dy[o];
                    dx[a] = g * DOUBLE_MASK[t];
                    dx[a + 1] = g * DOUBLE_MASK[t + 1];
                    dx[a + width] = g * DOUBLE_MASK[t + 2];
                    dx[a + width + 1] = g * DOUBLE_MASK[t + 3];
                }
            }
        }
    }

    /** Zeros, in every plane, the last row and column when no 2×2 window covers them (odd height or width). */
    private void zeroUncovered(float[] f, double[] d) {
        if (height % 2 == 0 && width % 2 == 0) {
            return;
        }
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * height * width;
            for (int y = 0; y < height; y++) {
                boolean wholeRow = height % 2 == 1 && y == height - 1;
                int from = wholeRow ? 0 : width - (width % 2);
                for (int x = from; x < width; x++) {
                    if (f != null) {
                        f[base + y * width + x] = 0f;
                    } else {
                        d[base + y * width + x] = 0.0;
                    }
                }
            }
        }
    }

    boolean fits(int planes, int height, int width) {
        return this.planes == planes && this.height == height && this.width == width;
    }
}
