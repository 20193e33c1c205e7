package io.attendspark.models.conv;

/**
 * Per-channel bias, 2×2 stride-2 max pooling (valid: an odd last row or column is dropped) and
 * relu, {@code relu(maxpool(z) + b)}, over {@code [N, F, h, w]} maps in plain Java on float or
 * double arrays, for the whole minibatch or a range of its planes (one image's, right after the
 * convolution wrote it, see {@link GemmConvolution#forwardReluPool}). Holds, from the last forward,
 * one byte per output: which tap of its window won (0–3, row-major), or {@link #OFF} where the relu
 * is off.
 *
 * <p>The bias is added after the max ({@code max(z) + b}; the same value as {@code max(z + b)},
 * since rounding is monotonic) so that the convolution before it can skip its bias pass over the
 * whole map, and its gradient is summed here. The one difference: two taps that only tie after
 * rounding {@code z + b} (|Δz| below an ulp of b) send the gradient to the larger z instead of the
 * first tap. Sub-gradients as DL4J's and SameDiff's {@code relu(maxpool(conv + b))}: relu passes the
 * gradient where its input is &gt; 0; a window sends it to its first maximum in row-major order.
 * Both passes are branch-free (the winning tap is random, branches would mispredict), and the
 * backward reads the byte table instead of the forward's input.
 *
 * <p>Plane {@code p} of a range {@code [p0, p1)} is channel {@code p % F} of image {@code p / F};
 * its input starts at {@code inAt + (p − p0)·h·w} and its output at {@code outAt + (p − p0)·h/2·w/2}.
 */
public final class MaxPoolRelu {

    /** Tap code of an output whose relu is off (no gradient to any tap). */
    static final byte OFF = 4;
    /** Tap code by (e0 | e1·2 | e2·4 | off·8): the first of taps 0–2 equal to the maximum, else 3; OFF when off. */
    private static final byte[] FIRST = {3, 0, 1, 0, 2, 0, 1, 0, OFF, OFF, OFF, OFF, OFF, OFF, OFF, OFF};
    /** Row t: 1 at the tap that gets the gradient for tap code t, else 0 (row OFF all 0). */
    private static final float[] FLOAT_MASK = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0};
    private static final double[] DOUBLE_MASK = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0};

    private final int planes;
    private final int channels;
    private final int h;
    private final int w;
    private final int outH;
    private final int outW;
    private final byte[] tap;

    /** For {@code batch} images of {@code channels} maps of {@code h×w}. */
    public MaxPoolRelu(int batch, int channels, int h, int w) {
        this.planes = Math.multiplyExact(batch, channels);
        this.channels = channels;
        this.h = h;
        this.w = w;
        this.outH = h / 2;
        this.outW = w / 2;
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("2x2 max pooling needs a map of at least 2x2 but got " + h + "x" + w);
        }
        this.tap = new byte[Math.multiplyExact(planes, outH * outW)];
        Math.multiplyExact(planes, h * w);                           // the inputs index with int
    }

    public int inputLength() {
        return planes * h * w;
    }

    public int outputLength() {
        return tap.length;
    }

    int outH() {
        return outH;
    }

    int outW() {
        return outW;
    }

    /** {@code out = relu(maxpool(in) + bias)} over the whole minibatch; bias {@code [F]} or null for none. */
    public void forward(float[] in, float[] bias, float[] out) {
        forward(in, 0, bias, out, 0, 0, planes);
    }

    /** As {@link #forward(float[], float[], float[])}, in double. */
    public void forward(double[] in, double[] bias, double[] out) {
        forward(in, 0, bias, out, 0, 0, planes);
    }

    /** {@code out = relu(maxpool(in) + bias)} over planes {@code [p0, p1)} (see the class doc for the offsets). */
    void forward(float[] in, int inAt, float[] bias, float[] out, int outAt, int p0, int p1) {
        int k = p0 * outH * outW;
        int o = outAt;
        for (int p = p0; p < p1; p++) {
            float b = bias == null ? 0f : bias[p % channels];
            for (int i = 0; i < outH; i++) {
                int a = inAt + ((p - p0) * h + 2 * i) * w;
                for (int j = 0; j < outW; j++, k++, o++, a += 2) {
                    float v0 = in[a], v1 = in[a + 1], v2 = in[a + w], v3 = in[a + w + 1];
                    float max = Math.max(Math.max(v0, v1), Math.max(v2, v3)), z = max + b;
                    out[o] = Math.max(z, 0f);
                    tap[k] = code(v0 == max, v1 == max, v2 == max, z > 0);
                }
            }
        }
    }

    /** As {@link #forward(float[], int, float[], float[], int, int, int)}, in double. */
    void forward(double[] in, int inAt, double[] bias, double[] out, int outAt, int p0, int p1) {
        int k = p0 * outH * outW;
        int o = outAt;
        for (int p = p0; p < p1; p++) {
            double b = bias == null ? 0.0 : bias[p % channels];
            for (int i = 0; i < outH; i++) {
                int a = inAt + ((p - p0) * h + 2 * i) * w;
                for (int j = 0; j < outW; j++, k++, o++, a += 2) {
                    double v0 = in[a], v1 = in[a + 1], v2 = in[a + w], v3 = in[a + w + 1];
                    double max = Math.max(Math.max(v0, v1), Math.max(v2, v3)), z = max + b;
                    out[o] = Math.max(z, 0.0);
                    tap[k] = code(v0 == max, v1 == max, v2 == max, z > 0);
                }
            }
        }
    }

    /** Index of the first true of (e0, e1, e2, else 3), or {@link #OFF} when not {@code on}; without branches. */
    private static byte code(boolean e0, boolean e1, boolean e2, boolean on) {
        return FIRST[(e0 ? 1 : 0) | (e1 ? 2 : 0) | (e2 ? 4 : 0) | (on ? 0 : 8)];
    }

    /**
     * Given {@code dOut} w.r.t. the last forward's output: {@code dIn} (every element overwritten)
     * = the gradient w.r.t. its input, and returns the gradient w.r.t. the bias {@code [F]}.
     */
    public double[] backward(float[] dOut, float[] dIn) {
        double[] dBias = new double[channels];
        backward(dOut, 0, dIn, 0, 0, planes, dBias);
        return dBias;
    }

    /** As {@link #backward(float[], float[])}, in double. */
    public double[] backward(double[] dOut, double[] dIn) {
        double[] dBias = new double[channels];
        backward(dOut, 0, dIn, 0, 0, planes, dBias);
        return dBias;
    }

    /**
     * The backward of planes {@code [p0, p1)} (offsets as the forward's): overwrites their part of
     * {@code dIn} and adds each plane's bias gradient to {@code dBias[channel]} (if not null).
     */
    void backward(float[] dOut, int outAt, float[] dIn, int inAt, int p0, int p1, double[] dBias) {
        zeroDroppedEdges(dIn, null, inAt, p1 - p0);
        int k = p0 * outH * outW;
        int o = outAt;
        for (int p = p0; p < p1; p++) {
            double sum = 0;
            for (int i = 0; i < outH; i++) {
                int a = inAt + ((p - p0) * h + 2 * i) * w;
                for (int j = 0; j < outW; j++, k++, o++, a += 2) {
                    int t = tap[k] << 2;
                    float g = dOut[o];
                    dIn[a] = g * FLOAT_MASK[t];
                    dIn[a + 1] = g * FLOAT_MASK[t + 1];
                    dIn[a + w] = g * FLOAT_MASK[t + 2];
                    dIn[a + w + 1] = g * FLOAT_MASK[t + 3];
                    sum += g * (t < OFF << 2 ? 1 : 0);
                }
            }
            if (dBias != null) {
                dBias[p % channels] += sum;
            }
        }
    }

    /** As {@link #backward(float[], int, float[], int, int, int, double[])}, in double. */
    void backward(double[] dOut, int outAt, double[] dIn, int inAt, int p0, int p1, double[] dBias) {
        zeroDroppedEdges(null, dIn, inAt, p1 - p0);
        int k = p0 * outH * outW;
        int o = outAt;
        for (int p = p0; p < p1; p++) {
            double sum = 0;
            for (int i = 0; i < outH; i++) {
                int a = inAt + ((p - p0) * h + 2 * i) * w;
                for (int j = 0; j < outW; j++, k++, o++, a += 2) {
                    int t = tap[k] << 2;
                    double g = dOut[o];
                    dIn[a] = g * DOUBLE_MASK[t];
                    dIn[a + 1] = g * DOUBLE_MASK[t + 1];
                    dIn[a + w] = g * DOUBLE_MASK[t + 2];
                    dIn[a + w + 1] = g * DOUBLE_MASK[t + 3];
                    sum += g * (t < OFF << 2 ? 1 : 0);
                }
            }
            if (dBias != null) {
                dBias[p % channels] += sum;
            }
        }
    }

    /** Zeros the last row and column of {@code count} planes from {@code at} where h or w is odd (no window covers them). */
    private void zeroDroppedEdges(float[] f, double[] dd, int at, int count) {
        if (h % 2 == 0 && w % 2 == 0) {
            return;
        }
        for (int p = 0; p < count; p++) {
            int plane = at + p * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = y >= 2 * outH ? 0 : 2 * outW; x < w; x++) {
                    if (f != null) {
                        f[plane + y * w + x] = 0f;
                    } else {
                        dd[plane + y * w + x] = 0.0;
                    }
                }
            }
        }
    }
}
