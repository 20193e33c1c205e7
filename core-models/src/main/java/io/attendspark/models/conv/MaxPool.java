package io.attendspark.models.conv;

/**
 * Max pooling over NCHW images (kernel kH×kW, stride sH×sW, no padding) in plain Java, keeping for
 * every output value the input offset it came from, so that the backward pass is one scatter:
 * {@code ∂x[argmax(o)] += ∂y[o]}. Ties go to the first maximum in row-major window order.
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
    private final int[] argmax;

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
        this.argmax = new int[Math.multiplyExact(planes, outH * outW)];
    }

    /** {@code y = maxpool(x)}, remembering where each maximum was. */
    void forward(float[] x, float[] y) {
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

    /** {@code dx} (all zeros on entry) receives {@code dy} at the positions of the last forward's maxima. */
    void backward(float[] dy, float[] dx) {
        for (int o = 0; o < argmax.length; o++) {
            dx[argmax[o]] += dy[o];
        }
    }

    /** As {@link #backward(float[], float[])}, in double. */
    void backward(double[] dy, double[] dx) {
        for (int o = 0; o < argmax.length; o++) {
            dx[argmax[o]] += dy[o];
        }
    }

    boolean fits(int planes, int height, int width) {
        return this.planes == planes && this.height == height && this.width == width;
    }
}
