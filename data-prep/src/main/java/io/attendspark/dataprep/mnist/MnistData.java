package io.attendspark.dataprep.mnist;

import java.io.Serializable;

/**
 * One MNIST split in memory: {@code count} images of {@code rows × cols} unsigned bytes,
 * row-major, and one label 0..9 per image. Validated by {@link MnistReader}; immutable by
 * convention (the arrays are not copied, so do not modify them).
 *
 * @param pixels {@code count * rows * cols} bytes, image {@code i} starts at {@code i * rows * cols}
 * @param labels {@code count} bytes, each 0..9
 */
public record MnistData(int count, int rows, int cols, byte[] pixels, byte[] labels) implements Serializable {

    public MnistData {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(
                    "MNIST data must have count >= 0 and rows, cols > 0 but was " + count + ", " + rows + ", " + cols);
        }
        if (pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException("MNIST pixels must hold " + (long) count * rows * cols
                    + " bytes but held " + pixels.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("MNIST labels must hold " + count + " bytes but held " + labels.length);
        }
    }

    /** Intensity of pixel (row, col) of image {@code index}, 0..255. */
    public int pixel(int index, int row, int col) {
        return pixels[(index * rows + row) * cols + col] & 0xFF;
    }

    /** Label of image {@code index}, 0..9. */
    public int label(int index) {
        return labels[index];
    }

    /** Image {@code index} as intensities in [0, 1], row-major. */
    public float[] image(int index) {
        int size = rows * cols;
        float[] out = new float[size];
        int offset = index * size;
        for (int p = 0; p < size; p++) {
            out[p] = (pixels[offset + p] & 0xFF) / 255f;
        }
        return out;
    }

    /** How many images carry each label 0..9. */
    public int[] labelCounts() {
        int[] counts = new int[10];
        for (byte label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
