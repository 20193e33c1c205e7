package io.attendspark.dataprep.variants;

import io.attendspark.dataprep.mnist.MnistData;

/** Small hand-made 28×28 MNIST stand-ins for the variant tests. */
final class SyntheticMnist {
    static final int SIDE = 28;

    private SyntheticMnist() {
    }

    /** An "L": vertical bar rows 6..21 × cols 9..10, foot rows 20..21 × cols 9..18, all 255. */
    static byte[] ell() {
        byte[] img = new byte[SIDE * SIDE];
        fill(img, 6, 9, 16, 2, 255);
        fill(img, 20, 9, 2, 10, 255);
        return img;
    }

    /** A {@code side × side} square of 255 with top-left (row, col). */
    static byte[] square(int row, int col, int side) {
        byte[] img = new byte[SIDE * SIDE];
        fill(img, row, col, side, side, 255);
        return img;
    }

    /** Every pixel = {@code value}. */
    static byte[] uniform(int value) {
        byte[] img = new byte[SIDE * SIDE];
        fill(img, 0, 0, SIDE, SIDE, value);
        return img;
    }

    /** Pixel (r, c) = (r * 28 + c) mod 256: every grey level, asymmetric. */
    static byte[] ramp() {
        byte[] img = new byte[SIDE * SIDE];
        for (int p = 0; p < img.length; p++) {
            img[p] = (byte) (p % 256);
        }
        return img;
    }

    /** MnistData of the given images; image i gets label {@code labels[i]}. */
    static MnistData of(int[] labels, byte[]... images) {
        byte[] pixels = new byte[images.length * SIDE * SIDE];
        byte[] labelBytes = new byte[images.length];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, pixels, i * SIDE * SIDE, SIDE * SIDE);
            labelBytes[i] = (byte) labels[i];
        }
        return new MnistData(images.length, SIDE, SIDE, pixels, labelBytes);
    }

    /** Sum of intensities. */
    static double mass(float[] pixels) {
        double sum = 0;
        for (float v : pixels) {
            sum += v;
        }
        return sum;
    }

    /** Intensity-weighted centre {col, row} of a {@code side}-wide image. */
    static double[] centreOfMass(float[] pixels, int side) {
        double m = 0;
        double x = 0;
        double y = 0;
        for (int p = 0; p < pixels.length; p++) {
            m += pixels[p];
            x += pixels[p] * (p % side + 0.5);
            y += pixels[p] * (p / side + 0.5);
        }
        return new double[] {x / m, y / m};
    }

    private static void fill(byte[] img, int row, int col, int h, int w, int value) {
        for (int r = row; r < row + h; r++) {
            for (int c = col; c < col + w; c++) {
                img[r * SIDE + c] = (byte) value;
            }
        }
    }
}
