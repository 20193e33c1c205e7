package io.attendspark.models.samediff;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/** Named parameter arrays of a hand-written layer as plain row-major doubles, and back into DL4J's views. */
public final class ParamArrays {

    private ParamArrays() {
    }

    /** A copy of {@code table[name]} in 'c' order; {@code model} names the layer in the error. */
    public static double[] get(Map<String, INDArray> table, String name, String model) {
        INDArray v = table.get(name);
        if (v == null) {
            throw new IllegalStateException(model + " parameter " + name + " missing; table has " + table.keySet());
        }
        return Nd4j.toFlattened('c', v).toDoubleVector();
    }

    /** Assigns {@code v} ('c' order) to the view {@code views[name]} (e.g. DL4J's gradient view). */
    public static void put(Map<String, INDArray> views, String name, double[] v, String model) {
        INDArray view = views.get(name);
        if (view == null || view.length() != v.length) {
            throw new IllegalStateException(model + " view " + name + " missing or of the wrong size (expected "
                    + v.length + ", views " + views.keySet() + ")");
        }
        view.assign(Nd4j.create(v, view.shape(), 'c').castTo(view.dataType()));
    }
}
