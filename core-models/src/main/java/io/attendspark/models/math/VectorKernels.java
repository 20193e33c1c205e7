package io.attendspark.models.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations}' range functions on the Vector API (incubating in JDK 17; loaded only when the
 * module is in the boot layer): the same formulas as the scalar ones, lane by lane, with the JDK's
 * vectorised exp; the tail of a range that does not fill a vector runs the scalar code.
 */
final class VectorKernels implements Activations.Kernels {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void sigmoid(double[] x, int from, double[] out, int at, int len) {
        int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, from + i);
            DoubleVector e = v.neg().lanewise(VectorOperators.EXP);                 // e^−x
            DoubleVector.broadcast(S, 1.0).div(e.add(1.0)).intoArray(out, at + i);  // 1 / (1 + e^−x)
        }
        for (; i < len; i++) {
            out[at + i] = Activations.sigmoid(x[from + i]);
        }
    }

    @Override
    public void tanh(double[] x, int from, double[] out, int at, int len) {
        int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, from + i);
            DoubleVector e = v.abs().mul(-2.0).lanewise(VectorOperators.EXP);       // e^−2|x|
            DoubleVector t = DoubleVector.broadcast(S, 1.0).sub(e).div(e.add(1.0));  // tanh|x|
            VectorMask<Double> negative = v.compare(VectorOperators.LT, 0.0);
            t.blend(t.neg(), negative).intoArray(out, at + i);                        // sign of x
        }
        for (; i < len; i++) {
            out[at + i] = Activations.tanh(x[from + i]);
        }
    }
}
