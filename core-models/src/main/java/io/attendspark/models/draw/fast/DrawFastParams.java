package io.attendspark.models.draw.fast;

import io.attendspark.models.samediff.ParamArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * DRAW's parameters (or their gradients) as double arrays in 'c' order, named as in the SameDiff
 * {@link io.attendspark.models.draw.DrawLayer} ({@code DrawNetwork}): encoder LSTM {@code encW}
 * [R + D + E, 4E], {@code encb}; Q(Z_t | h^enc) {@code qW} [E, 2Z], {@code qb}; decoder LSTM
 * {@code decW} [Z + D, 4D], {@code decb}; output head {@code headW} [D, S], {@code headb}.
 */
final class DrawFastParams {

    static final String ENC_W = "encW", ENC_B = "encb", Q_W = "qW", Q_B = "qb";
    static final String DEC_W = "decW", DEC_B = "decb", HEAD_W = "headW", HEAD_B = "headb";

    final double[] encW, encB, qW, qB, decW, decB, headW, headB;

    private DrawFastParams(double[] encW, double[] encB, double[] qW, double[] qB, double[] decW, double[] decB,
                           double[] headW, double[] headB) {
        this.encW = encW;
        this.encB = encB;
        this.qW = qW;
        this.qB = qB;
        this.decW = decW;
        this.decB = decB;
        this.headW = headW;
        this.headB = headB;
    }

    /** Zeros of the right sizes (a gradient accumulator). */
    static DrawFastParams zeros(DrawFastDims d) {
        return new DrawFastParams(new double[d.encIn() * 4 * d.enc()], new double[4 * d.enc()],
                new double[d.enc() * 2 * d.latent()], new double[2 * d.latent()],
                new double[d.decIn() * 4 * d.dec()], new double[4 * d.dec()],
                new double[d.dec() * d.head()], new double[d.head()]);
    }

    /** Copies of the layer's parameter arrays. */
    static DrawFastParams from(Map<String, INDArray> table) {
        return new DrawFastParams(get(table, ENC_W), get(table, ENC_B), get(table, Q_W), get(table, Q_B),
                get(table, DEC_W), get(table, DEC_B), get(table, HEAD_W), get(table, HEAD_B));
    }


    /** Assigns every array to the view of the same name (e.g. DL4J's gradient views). */
    void writeTo(Map<String, INDArray> views) {
        put(views, ENC_W, encW);
        put(views, ENC_B, encB);
        put(views, Q_W, qW);
        put(views, Q_B, qB);
        put(views, DEC_W, decW);
        put(views, DEC_B, decB);
        put(views, HEAD_W, headW);
        put(views, HEAD_B, headB);
    }

    private static double[] get(Map<String, INDArray> table, String name) {
        return ParamArrays.get(table, name, "draw");
    }

    private static void put(Map<String, INDArray> views, String name, double[] v) {
        ParamArrays.put(views, name, v, "draw");
    }
}
