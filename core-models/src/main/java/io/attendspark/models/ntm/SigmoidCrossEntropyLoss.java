package io.attendspark.models.ntm;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary cross-entropy of sigmoid outputs computed from the logits z (the NTM's output loss,
 * Graves et al. 2014 §4): per bit {@code softplus(z) − y·z = max(z, 0) − y·z + log(1 + e^{−|z|})},
 * gradient {@code σ(z) − y}.
 *
 * <p>Why not DL4J's {@code LossBinaryXENT}: it clips the probability to [1e-5, 1 − 1e-5] and then
 * multiplies {@code (p − y) / (p (1 − p))} by the sigmoid's derivative, so a confidently wrong bit
 * (|z| above ~11.5) gets a gradient that shrinks like e^{−|z|} instead of staying near 1, and in
 * float32 exactly 0 once σ(z) rounds to 1 (|z| ≳ 17). Score and gradient here are exact for any z.
 * The layer's activation must be sigmoid (its output stays a probability).
 */
public final class SigmoidCrossEntropyLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    private static void requireSigmoid(IActivation activationFn) {
        if (!(activationFn instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("SigmoidCrossEntropyLoss needs a sigmoid output activation but was "
                    + activationFn);
        }
    }

    private static void requireSameShape(INDArray labels, INDArray preOutput) {
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException("labels and logits must have equal shapes but were "
                    + java.util.Arrays.toString(labels.shape()) + " and " + java.util.Arrays.toString(preOutput.shape()));
        }
    }

    /** Per-bit loss in nats, masked. */
    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireSigmoid(activationFn);
        requireSameShape(labels, preOutput);
        INDArray z = preOutput;
        INDArray y = labels.castTo(z.dataType());
        INDArray loss = Transforms.relu(z, true).subi(y.mul(z))
                .addi(Transforms.log1p(Transforms.exp(Transforms.abs(z, true).negi(), false), false));
        if (mask != null) {
            LossUtil.applyMask(loss, mask);
        }
        return loss;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        INDArray loss = computeScoreArray(labels, preOutput, activationFn, mask);
        double score = loss.sumNumber().doubleValue();
        return average ? score / loss.size(0) : score;
    }

    /** {@code dL/dz = σ(z) − y}, masked. */
    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireSigmoid(activationFn);
        requireSameShape(labels, preOutput);
        INDArray grad = Transforms.sigmoid(preOutput, true).subi(labels.castTo(preOutput.dataType()));
        if (mask != null) {
            LossUtil.applyMask(grad, mask);
        }
        return grad;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "SigmoidCrossEntropyLoss";
    }

    @Override
    public String toString() {
        return name() + "()";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigmoidCrossEntropyLoss;
    }

    @Override
    public int hashCode() {
        return SigmoidCrossEntropyLoss.class.hashCode();
    }
}
