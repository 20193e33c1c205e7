package io.attendspark.models.ntm;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an NTM did on a batch of episodes (for pictures like the paper's Figs. 4, 6, 9).
 *
 * @param outputs      sigmoid outputs {@code [b, outputWidth, T]}
 * @param readWeights  read weightings {@code [b, R, N, T]}
 * @param writeWeights write weightings {@code [b, W, N, T]}
 */
public record NtmTrace(INDArray outputs, INDArray readWeights, INDArray writeWeights) {
}
