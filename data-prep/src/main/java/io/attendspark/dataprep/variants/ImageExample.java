package io.attendspark.dataprep.variants;

import java.io.Serializable;

/**
 * One generated image with its class label: {@code height × width} intensities in [0, 1], row-major
 * (pixel (r, c) at {@code r * width + c}), white digit (1) on black background (0).
 *
 * <p>The array is not copied (examples are made in bulk); treat it as read-only. As for every
 * record holding an array, {@code equals} compares the array by identity.
 *
 * @param height rows, > 0
 * @param width columns, > 0
 * @param pixels {@code height * width} intensities, each in [0, 1]
 * @param label class label, >= 0 (MNIST: 0..9)
 */
public record ImageExample(int height, int width, float[] pixels, int label) implements Serializable {

    public ImageExample {
        if (height <= 0) {
            throw new IllegalArgumentException("example.height must be > 0 but was " + height);
        }
        if (width <= 0) {
            throw new IllegalArgumentException("example.width must be > 0 but was " + width);
        }
        if (pixels == null || pixels.length != height * width) {
            throw new IllegalArgumentException("example.pixels must hold " + height * width + " values but held "
                    + (pixels == null ? "null" : Integer.toString(pixels.length)));
        }
        if (label < 0) {
            throw new IllegalArgumentException("example.label must be >= 0 but was " + label);
        }
        for (int p = 0; p < pixels.length; p++) {
            float v = pixels[p];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("example.pixels must lie in [0, 1] but pixel " + p + " was " + v);
            }
        }
    }

    /** Intensity of pixel (row, col), in [0, 1]. */
    public float pixel(int row, int col) {
        return pixels[row * width + col];
    }
}
