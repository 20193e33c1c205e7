package io.attendspark.models.stn.fast;

import io.attendspark.models.conv.GemmConvolution;
import io.attendspark.models.samediff.DoublePrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link GemmConvolution} with the transformer's YXIO weights {@code [kH, kW, C, O]}: passing the
 * permuted view {@code permute(3, 2, 0, 1)} computes the same as a plain OIYX copy, and its weight
 * gradient written through the same permutation of a YXIO gradient view (inside a larger flat
 * array, as DL4J's gradient views are) lands on the right elements and nowhere else.
 */
@ExtendWith(DoublePrecision.class)
class GemmConvolutionYxioWeightsTest {

    @Test
    void permutedYxioWeightsAndGradientViewsMatchPlainOiyx() {
        Nd4j.getRandom().setSeed(42);
        int n = 2, c = 3, h = 7, w = 6, k = 3, o = 4;
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, c, h, w);
        INDArray yxio = Nd4j.randn(DataType.DOUBLE, k, k, c, o);
        INDArray bias = Nd4j.randn(DataType.DOUBLE, o);
        INDArray oiyx = yxio.permute(3, 2, 0, 1).dup('c');
        int[] stride = {1, 1}, pad = {0, 0};

        GemmConvolution viaView = new GemmConvolution(), viaCopy = new GemmConvolution();
        INDArray zView = viaView.forward(x, yxio.permute(3, 2, 0, 1), bias, stride, pad, s -> Nd4j.create(DataType.DOUBLE, s));
        INDArray zCopy = viaCopy.forward(x, oiyx, bias, stride, pad, s -> Nd4j.create(DataType.DOUBLE, s));
        assertEquals(zCopy, zView);

        INDArray delta = Nd4j.randn(DataType.DOUBLE, zCopy.shape());
        long len = yxio.length();
        INDArray flat = Nd4j.zeros(DataType.DOUBLE, 5 + len + o + 5);              // guard cells either side
        INDArray gradYxio = flat.get(NDArrayIndex.interval(5, 5 + len)).reshape('c', k, k, c, o);
        INDArray gradBias = flat.get(NDArrayIndex.interval(5 + len, 5 + len + o));
        INDArray dxView = viaView.backward(delta, yxio.permute(3, 2, 0, 1), gradYxio.permute(3, 2, 0, 1), gradBias,
                s -> Nd4j.create(DataType.DOUBLE, s));
        INDArray gradOiyx = Nd4j.zeros(DataType.DOUBLE, o, c, k, k), gradBiasCopy = Nd4j.zeros(DataType.DOUBLE, o);
        INDArray dxCopy = viaCopy.backward(delta, oiyx, gradOiyx, gradBiasCopy, s -> Nd4j.create(DataType.DOUBLE, s));

        assertEquals(dxCopy, dxView);
        assertEquals(gradBiasCopy, gradBias);
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                for (int ci = 0; ci < c; ci++) {
                    for (int oi = 0; oi < o; oi++) {
                        assertEquals(gradOiyx.getDouble(oi, ci, ky, kx), gradYxio.getDouble(ky, kx, ci, oi), 0.0,
                                "YXIO gradient [" + ky + "," + kx + "," + ci + "," + oi + "]");
                    }
                }
            }
        }
        // the flat buffer behind the view: exactly the YXIO gradient in 'c' order, guard cells untouched
        double[] all = flat.toDoubleVector();
        double[] expected = gradOiyx.permute(2, 3, 1, 0).dup('c').reshape(len).toDoubleVector();
        for (int i = 0; i < 5; i++) {
            assertEquals(0.0, all[i], "guard before");
            assertEquals(0.0, all[all.length - 1 - i], "guard after");
        }
        for (int i = 0; i < len; i++) {
            assertEquals(expected[i], all[5 + i], 0.0, "flat YXIO gradient element " + i);
        }
    }
}
