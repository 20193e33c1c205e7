package io.attendspark.dataprep.variants;

import java.io.Serializable;

/**
 * One clutter crop: the {@code size × size} window at ({@code cropRow}, {@code cropCol}) of base image
 * {@code sourceIndex}, pasted with max() at ({@code row}, {@code col}) of the canvas (top-left corners).
 * Clutter as in Jaderberg et al. (arXiv:1506.02025v3, App. A) and Gregor et al. (arXiv:1502.04623v2).
 */
public record ClutterPiece(int sourceIndex, int cropRow, int cropCol, int row, int col) implements Serializable {

    public ClutterPiece {
        if (sourceIndex < 0 || cropRow < 0 || cropCol < 0 || row < 0 || col < 0) {
            throw new IllegalArgumentException("clutter piece fields must be >= 0 but were sourceIndex=" + sourceIndex
                    + ", cropRow=" + cropRow + ", cropCol=" + cropCol + ", row=" + row + ", col=" + col);
        }
    }
}
