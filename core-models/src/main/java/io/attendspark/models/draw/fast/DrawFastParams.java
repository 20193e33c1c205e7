package io.attendspark.models.draw.fast;

import io.attendspark.models.samediff.ParamArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * DRAW's parameters, named as in the SameDiff {@link io.attendspark.models.draw.DrawLayer}
 * ({@code DrawNetwork}): encoder LSTM {@code encW} [R + D + E, 4E], {@code encb}; Q(Z_t | h^enc)
 * {@code qW} [E, 2Z], {@code qb}; decoder LSTM {@code decW} [Z + D, 4D], {@code decb}; output head
 * {@code headW} [D, S], {@code headb}. The weights only enter gemms: native copies in the gemm's data
 * type ({@link DrawFastGemm#weight}); the biases enter the Java side: row-major double copies. The
 * gradients of the same names go straight to DL4J's gradient views ({@link #view}, {@link #put}).
 */
final class DrawFastParams {

    static final String ENC_W = "encW", ENC_B = "encb", Q_W = "qW", Q_B = "qb";
    static final String DEC_W = "decW", DEC_B = "decb", HEAD_W = "headW", HEAD_B = "headb";

    final DrawFastGemm.Weight encW, qW, decW, headW;
    final double[] encB, qB, decB, headB;

    private DrawFastParams(DrawFastGemm.Weight encW, double[] encB, DrawFastGemm.Weight qW, double[] qB,
                           DrawFastGemm.Weight decW, double[] decB, DrawFastGemm.Weight headW, double[] headB) {
        this.encW = encW;
        this.encB = encB;
        this.qW = qW;
        this.qB = qB;
        this.decW = decW;
        this.decB = decB;
        this.headW = headW;
        this.headB = headB;
    }

    /** The layer's parameters: weights copied into {@code gemm}'s weight arrays, biases as double copies. */
    static DrawFastParams from(Map<String, INDArray> table, DrawFastGemm gemm) {
        return new DrawFastParams(weight(table, ENC_W, gemm), get(table, ENC_B), weight(table, Q_W, gemm),
                get(table, Q_B), weight(table, DEC_W, gemm), get(table, DEC_B), weight(table, HEAD_W, gemm),
                get(table, HEAD_B));
    }

    private static DrawFastGemm.Weight weight(Map<String, INDArray> table, String name, DrawFastGemm gemm) {
        INDArray v = table.get(name);
        if (v == null) {
            throw new IllegalStateException("draw parameter " + name + " missing; table has " + table.keySet());
        }
        return gemm.weight(name, v);
    }

    private static double[] get(Map<String, INDArray> table, String name) {
        return ParamArrays.get(table, name, "draw");
    }

    /** The (gradient) view {@code name} of {@code views}. */
    static INDArray view(Map<String, INDArray> views, String name) {
        INDArray view = views.get(name);
        if (view == null) {
            throw new IllegalStateException("draw view " + name + " missing; views " + views.keySet());
        }
        return view;
    }

    /** Assigns {@code v} (row-major) to the view {@code name} of {@code views}. */
    static void put(Map<String, INDArray> views, String name, double[] v) {
        ParamArrays.put(views, name, v, "draw");
    }
}
