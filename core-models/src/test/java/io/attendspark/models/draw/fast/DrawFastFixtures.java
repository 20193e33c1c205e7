package io.attendspark.models.draw.fast;

import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small DRAW configurations, data and comparisons for the fast-layer tests. */
final class DrawFastFixtures {

    private DrawFastFixtures() {
    }

    /** 6×6 image, read 2×2, write 3×3, LSTMs 5/4, z 3, T = 3, with attention. */
    static final DrawConfig SMALL = new DrawConfig(6, 6, true, 2, 3, 5, 4, 3, 3, 1e-3, 100, -0.7,
            DrawConfig.Noise.SAMPLED, 11);

    /** Binary images [n, 1, h, w] of the default data type. */
    static INDArray images(long seed, int n, int h, int w) {
        Nd4j.getRandom().setSeed(seed);
        DataType t = Nd4j.defaultFloatingPointType();
        return Nd4j.rand(t, n, 1, h, w).gt(0.5).castTo(t);
    }

    /** One-hot digit labels [n, 10] (present in the DataSets, ignored by DRAW). */
    static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(Nd4j.defaultFloatingPointType(), n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (3 * i) % 10, 1.0);
        }
        return y;
    }

    /** Moves the parameters off their init (attention and forget gates exercised). */
    static void perturb(ComputationGraph g, long seed, double scale) {
        Nd4j.getRandom().setSeed(seed);
        g.params().addi(Nd4j.randn(g.params().dataType(), g.params().shape()).muli(scale));
    }

    /** {score, gradient} after computeGradientAndScore with the global RNG seeded (same ε for both layers). */
    static Object[] scoreAndGradient(ComputationGraph g, INDArray x, INDArray y, long noiseSeed) {
        g.setInputs(x);
        g.setLabels(y);
        Nd4j.getRandom().setSeed(noiseSeed);
        g.computeGradientAndScore();
        return new Object[]{g.score(), g.gradient().gradient().dup()};
    }

    static double maxAbs(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /** Largest |a − b| / max(|a|, floor) over all elements. */
    static double maxRel(INDArray a, INDArray b, double floor) {
        INDArray ad = a.castTo(DataType.DOUBLE), bd = b.castTo(DataType.DOUBLE);
        double worst = 0;
        for (long i = 0; i < ad.length(); i++) {
            double u = ad.getDouble(i), v = bd.getDouble(i);
            worst = Math.max(worst, Math.abs(u - v) / Math.max(Math.abs(u), floor));
        }
        return worst;
    }

    /** Per-parameter max abs difference of two flat gradients of graph {@code g}'s layout. */
    static String perParam(ComputationGraph g, INDArray a, INDArray b) {
        StringBuilder sb = new StringBuilder();
        long off = 0;
        for (var e : g.getLayer(DrawModels.LAYER).paramTable().entrySet()) {
            long len = e.getValue().length();
            INDArray u = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + len));
            INDArray v = b.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + len));
            sb.append(String.format("%s %.3g/%.3g; ", e.getKey(), maxAbs(u, v), u.amaxNumber().doubleValue()));
            off += len;
        }
        return sb.toString();
    }
}
