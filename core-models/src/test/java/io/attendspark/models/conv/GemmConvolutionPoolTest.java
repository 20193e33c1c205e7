package io.attendspark.models.conv;

import static io.attendspark.models.conv.ConvLayerAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.models.samediff.DoublePrecision;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link GemmConvolution#forwardReluPool} and its backward on one engine, against the engine's own
 * relu forward followed by a 2×2 max pool written as loops (gradient to the first maximum, none where
 * the relu is off): float and double, odd map sizes, stride and padding, no bias, batch and type
 * changes, and a plain forward in between, each forward followed by its backward.
 */
@ExtendWith(DoublePrecision.class)
class GemmConvolutionPoolTest {

    @Test
    void matchesTheReluConvolutionThenPoolingThroughShapeTypeAndModeChanges() {
        GemmConvolution engine = new GemmConvolution();
        for (DataType t : new DataType[]{DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT}) {
            compare(engine, t, 5, 2, 11, 10, 3, 3, new int[]{1, 1}, new int[]{0, 0}, true, 1);   // 9x8 -> 4x4
            compare(engine, t, 5, 2, 11, 10, 3, 3, new int[]{1, 1}, new int[]{0, 0}, false, 2);
            compare(engine, t, 3, 2, 11, 10, 3, 3, new int[]{1, 1}, new int[]{0, 0}, true, 3);   // batch changes
            compare(engine, t, 3, 1, 13, 9, 4, 2, new int[]{2, 1}, new int[]{1, 0}, true, 4);    // 7x8 -> 3x4
            Nd4j.getRandom().setSeed(9);                                                          // a plain forward between
            engine.forward(Nd4j.rand(t, 3, 1, 13, 9), Nd4j.rand(t, 4, 1, 2, 2), null, new int[]{2, 1},
                    new int[]{1, 0}, true, allocate(t));
            compare(engine, t, 3, 1, 13, 9, 4, 2, new int[]{2, 1}, new int[]{1, 0}, false, 5);
        }
    }

    @Test
    void aBackwardAfterAFailedForwardIsRefused() {
        GemmConvolution engine = new GemmConvolution();
        compare(engine, DataType.DOUBLE, 2, 1, 6, 6, 2, 3, new int[]{1, 1}, new int[]{0, 0}, true, 1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 3, 3), w = Nd4j.rand(DataType.DOUBLE, 2, 1, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> engine.forwardReluPool(x, w, null, new int[]{1, 1},
                new int[]{0, 0}, allocate(DataType.DOUBLE)), "a 1x1 map cannot be pooled 2x2");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.backward(
                Nd4j.zeros(DataType.DOUBLE, 2, 2, 2, 2), w, Nd4j.create(DataType.DOUBLE, 2, 1, 3, 3), null,
                allocate(DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }

    private static void compare(GemmConvolution engine, DataType t, int n, int c, int h, int w, int o, int k,
                                int[] stride, int[] pad, boolean bias, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(t, n, c, h, w).subi(0.5);
        INDArray weights = Nd4j.rand(t, o, c, k, k).subi(0.5);
        INDArray b = bias ? Nd4j.rand(t, 1, o).subi(0.5) : null;
        INDArray out = engine.forwardReluPool(x, weights, b, stride, pad, allocate(t));
        INDArray dOut = Nd4j.rand(t, out.shape()).subi(0.5);
        INDArray[] expected = reference(t, x, weights, b, stride, pad, dOut);
        double tol = t == DataType.FLOAT ? 1e-5 : 1e-12;
        String what = t + " " + n + "x" + c + "x" + h + "x" + w + (bias ? "" : " no bias") + ": ";
        assertClose(expected[0], out, tol, what + "output");
        assertTrue(out.minNumber().doubleValue() == 0 && out.maxNumber().doubleValue() > 0, what + "relu on and off");
        INDArray dw = Nd4j.create(t, weights.shape());
        INDArray db = bias ? Nd4j.create(t, b.shape()) : null;
        INDArray dx = engine.backward(dOut, weights, dw, db, allocate(t));
        assertClose(expected[1], dx, tol, what + "input gradient");
        assertClose(expected[2], dw, tol, what + "weight gradient");
        if (bias) {
            assertClose(expected[3], db, tol, what + "bias gradient");
        }
    }

    /** {pooled, dx, dW, db} from relu(conv) on a separate engine, pooled and routed back by loops. */
    private static INDArray[] reference(DataType t, INDArray x, INDArray w, INDArray b, int[] stride, int[] pad,
                                        INDArray dOut) {
        GemmConvolution plain = new GemmConvolution();
        INDArray z = plain.forward(x, w, b, stride, pad, true, allocate(t));                  // relu(conv + b)
        long n = z.size(0), o = z.size(1), h = z.size(2), wd = z.size(3);
        INDArray pooled = Nd4j.create(t, n, o, h / 2, wd / 2);
        INDArray dz = Nd4j.zeros(t, n, o, h, wd);
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < o; c++) {
                for (int i = 0; i < h / 2; i++) {
                    for (int j = 0; j < wd / 2; j++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bi = 0, bj = 0;
                        for (int di = 0; di < 2; di++) {
                            for (int dj = 0; dj < 2; dj++) {
                                double v = z.getDouble(a, c, 2 * i + di, 2 * j + dj);
                                if (v > best) {                                   // the first maximum wins
                                    best = v;
                                    bi = 2 * i + di;
                                    bj = 2 * j + dj;
                                }
                            }
                        }
                        pooled.putScalar(new long[]{a, c, i, j}, best);
                        if (best > 0) {                                           // relu on
                            dz.putScalar(new long[]{a, c, bi, bj}, dOut.getDouble(a, c, i, j));
                        }
                    }
                }
            }
        }
        INDArray dw = Nd4j.create(t, w.shape());
        INDArray db = b == null ? null : Nd4j.create(t, b.shape());
        INDArray dx = plain.backward(dz, w, dw, db, allocate(t));
        return new INDArray[]{pooled, dx, dw, db};
    }

    private static Function<long[], INDArray> allocate(DataType t) {
        return shape -> Nd4j.create(t, shape, 'c');
    }
}
