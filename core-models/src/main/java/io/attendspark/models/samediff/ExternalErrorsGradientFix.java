package io.attendspark.models.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.util.SameDiffUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * For every SameDiff layer of the project (STN, DRAW, NTM). Works around a DL4J/ND4J 1.0.0-M2.1 bug that doubles every gradient of a
 * {@link org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer}: DL4J feeds the layer's incoming
 * error through an {@link ExternalErrorsFunction}, whose {@code doDiff} both registers the error
 * placeholder as the output's gradient and returns it, and {@code DifferentialFunction.diff} then
 * adds the returned gradient to the registered one, so {@code dL/dOutput = 2·epsilon}. Parameter
 * gradients and the epsilon passed to the previous layer come out 2× too large (Adam hides this,
 * SGD and gradient checks do not).
 *
 * <p>The factor is measured once per JVM on a one-element probe graph rather than assumed, so the
 * compensation switches itself off on a DL4J version without the bug. {@link #apply} returns
 * {@code s·v + (1−s)·stopGradient(v)}: the forward value is exactly {@code v} (s = ½ is exact in
 * binary floating point) and the backward pass scales the incoming gradient by s.
 */
public final class ExternalErrorsGradientFix {

    private static volatile Double scale;

    private ExternalErrorsGradientFix() {
    }

    /** {@code v} with its backward gradient scaled so that DL4J's external errors arrive unscaled. */
    public static SDVariable apply(SameDiff sd, String name, SDVariable v) {
        double s = gradientScale();
        if (s == 1.0) {
            return v;
        }
        SDVariable held = new StopGradient(sd, v).outputVariable();                   // forward v, no gradient
        return v.mul(s).add(name, held.mul(1.0 - s));
    }

    /** 1 / (gradient that an external error of 1 produces); 0.5 on DL4J 1.0.0-M2.1. */
    public static double gradientScale() {
        Double s = scale;
        if (s == null) {
            synchronized (ExternalErrorsGradientFix.class) {
                s = scale;
                if (s == null) {
                    s = 1.0 / probe();
                    scale = s;
                }
            }
        }
        return s;
    }

    /** dOut/dx for out = x·1 under an external error of 1, as DL4J's SameDiff layers compute it. */
    static double probe() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.ones(DataType.FLOAT, 1, 1));
        SDVariable y = x.mul("y", 1.0);
        ExternalErrorsFunction fn = SameDiffUtils.externalErrors(sd, null, y);
        fn.outputVariable();
        Map<String, INDArray> grads = sd.calculateGradients(
                Map.of(fn.getGradPlaceholderName(), Nd4j.ones(DataType.FLOAT, 1, 1)), "x");
        double g = grads.get("x").getDouble(0);
        if (!(g > 0) || !Double.isFinite(g)) {
            throw new IllegalStateException("SameDiff external-errors probe returned gradient " + g
                    + " for an error of 1; this DL4J version needs a different workaround");
        }
        return g;
    }
}
