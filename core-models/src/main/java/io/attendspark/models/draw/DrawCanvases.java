package io.attendspark.models.draw;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What DRAW's decoder drew (arXiv:1502.04623v2, §2.3 and Fig. 7).
 *
 * @param canvases σ(c_t) after every step, [n, T, height, width], values in (0, 1)
 * @param windows  the write window of every step, [n, T, 3] = (g_X, g_Y, δ) in 0-based pixel
 *                 units (column and row of the grid centre, stride); {@code null} without attention
 */
public record DrawCanvases(INDArray canvases, INDArray windows) {

    /** Final canvases σ(c_T), [n, height, width]. */
    public INDArray last() {
        long t = canvases.size(1);
        return canvases.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(t - 1)).dup();
    }
}
