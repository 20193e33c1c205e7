package io.attendspark.models.draw;

import io.attendspark.models.draw.DrawConfig.Noise;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Construction, score = bound, labels ignored, noise, params round trips, serialisation, generation. */
class DrawModelsTest {

    /** Small but complete: 12×12 image, read 2×2, write 3×3, T = 4. */
    private static final DrawConfig SMALL = DrawConfig.defaults().withSizes(12, 2, 3, 16, 12, 5).withSteps(4);
    private static final DrawConfig SMALL_FIXED = SMALL.withNoise(Noise.FIXED);

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static INDArray images(long seed, int n, int side) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n, 1, side, side).gt(0.6).castTo(DataType.FLOAT);
    }

    private static INDArray digitLabels(int n) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (7 * i) % 10, 1f);
        }
        return y;
    }

    @Test
    void parameterCountsArePinned() {
        assertEquals(959_467L, DrawModels.parameterCount(DrawConfig.paper()));
        assertEquals(959_467L, DrawModels.parameterCount(DrawConfig.defaults()));      // T does not add parameters
        assertEquals(2_749_400L, DrawModels.parameterCount(DrawConfig.paper().withAttention(false)));
        assertEquals(DrawModels.parameterCount(SMALL), DrawModels.build(SMALL).numParams());
        assertEquals(959_467L, DrawModels.build(DrawConfig.defaults()).numParams());
    }

    @Test
    void configPresetsAndValidation() {
        DrawConfig p = DrawConfig.paper();
        assertEquals(64, p.steps());
        assertEquals(2, p.readN());
        assertEquals(5, p.writeN());
        assertEquals(100, p.latentSize());
        assertEquals(10, DrawConfig.defaults().steps());
        assertEquals(-0.7, p.initialLogDelta());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.withSteps(0));
        assertEquals("draw.steps must be > 0 but was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.withLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> p.withNoise(null));
    }

    @Test
    void scoreIsTheMeanBoundAndLabelsAreIgnored() {
        ComputationGraph g = DrawModels.build(SMALL_FIXED);
        INDArray x = images(1, 6, 12);
        double score = g.score(new DataSet(x, digitLabels(6)));
        double other = g.score(new DataSet(x, Nd4j.rand(DataType.FLOAT, 6, 10)));
        DrawBound b = DrawModels.bound(g, x);
        assertEquals(score, other, 0.0, "labels must not change the score");
        assertEquals(b.total(), score, 1e-3 * score);
        assertTrue(b.kl() > 0 && b.reconstruction() > 0, b.toString());
        // a fresh model's canvas is ~σ(0) = ½ everywhere: L^x ≈ H·W·ln 2
        assertEquals(144 * Math.log(2), b.reconstruction(), 3.0);
    }

    @Test
    void fitWithDigitLabelsLowersTheScore() {
        ComputationGraph g = DrawModels.build(SMALL_FIXED.withLearningRate(1e-2));
        DataSet ds = new DataSet(images(2, 16, 12), digitLabels(16));
        double before = g.score(ds);
        INDArray p0 = g.params().dup();
        for (int i = 0; i < 20; i++) {
            g.fit(ds);
        }
        double after = g.score(ds);
        assertNotEquals(p0, g.params());
        assertTrue(Double.isFinite(after) && after < before - 2, before + " -> " + after);
    }

    @Test
    void sampledNoiseIsStochasticButRepeatableUnderASeed() {
        ComputationGraph g = DrawModels.build(SMALL);
        g.params().muli(3);                                 // a σ large enough that ε matters
        DataSet ds = new DataSet(images(3, 5, 12), digitLabels(5));
        Nd4j.getRandom().setSeed(11);
        double a = g.score(ds);
        double b = g.score(ds);
        Nd4j.getRandom().setSeed(11);
        double c = g.score(ds);
        assertNotEquals(a, b);
        assertEquals(a, c, 0.0);
        Nd4j.getRandom().setSeed(12);
        DrawBound b1 = DrawModels.bound(g, ds.getFeatures());
        Nd4j.getRandom().setSeed(12);
        assertEquals(b1, DrawModels.bound(g, ds.getFeatures()));
    }

    @Test
    void paramsAndSetParamsCarryTheModel() {
        ComputationGraph a = DrawModels.build(SMALL_FIXED);
        ComputationGraph b = DrawModels.build(new DrawConfig(12, 12, true, 2, 3, 16, 12, 5, 4, 1e-3, 100, -0.7,
                Noise.FIXED, 777));
        INDArray x = images(4, 4, 12);
        a.fit(new DataSet(x, digitLabels(4)));
        assertNotEquals(DrawModels.bound(a, x), DrawModels.bound(b, x));
        b.setParams(a.params().dup());
        assertEquals(DrawModels.bound(a, x), DrawModels.bound(b, x));
        assertEquals(a.score(new DataSet(x, digitLabels(4))), b.score(new DataSet(x, digitLabels(4))), 0.0);
    }

    @Test
    void drawConfigJsonRoundTrip() throws IOException {
        org.nd4j.shade.jackson.databind.ObjectMapper json = new org.nd4j.shade.jackson.databind.ObjectMapper();
        for (DrawConfig c : new DrawConfig[]{DrawConfig.paper(), SMALL_FIXED.withAttention(false)}) {
            String text = json.writeValueAsString(c);
            assertEquals(c, json.readValue(text, DrawConfig.class), text);
        }
        String bad = json.writeValueAsString(DrawConfig.paper()).replace("\"steps\":64", "\"steps\":-1");
        Exception e = assertThrows(Exception.class, () -> json.readValue(bad, DrawConfig.class));
        assertTrue(String.valueOf(e.getMessage()).contains("draw.steps must be > 0 but was -1"), e.getMessage());
    }

    @Test
    void graphConfigJsonRoundTrip() {
        ComputationGraph g = DrawModels.build(SMALL);
        ComputationGraphConfiguration conf = g.getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        DrawLayer layer = (DrawLayer) ((LayerVertex) back.getVertices().get(DrawModels.LAYER)).getLayerConf().getLayer();
        assertEquals(SMALL, layer.toConfig());
        assertEquals(SMALL, DrawModels.config(g));
    }

    @Test
    void modelSerializerRoundTripGivesTheSameBound() throws IOException {
        ComputationGraph g = DrawModels.build(SMALL_FIXED);
        INDArray x = images(5, 4, 12);
        g.fit(new DataSet(x, digitLabels(4)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(g.getConfiguration(), r.getConfiguration());
        assertEquals(g.params(), r.params());
        assertEquals(DrawModels.bound(g, x), DrawModels.bound(r, x));
        assertEquals(g.score(new DataSet(x, digitLabels(4))), r.score(new DataSet(x, digitLabels(4))), 0.0);
        r.fit(new DataSet(x, digitLabels(4)));                                      // the updater state came along
    }

    @Test
    void generateAndReconstructShapes() {
        ComputationGraph g = DrawModels.build(SMALL);
        DrawCanvases c = DrawModels.generate(g, SMALL, 3, 9);
        assertArrayEquals(new long[]{3, 4, 12, 12}, c.canvases().shape());
        assertArrayEquals(new long[]{3, 4, 3}, c.windows().shape());
        assertArrayEquals(new long[]{3, 12, 12}, c.last().shape());
        assertTrue(c.canvases().minNumber().doubleValue() > 0 && c.canvases().maxNumber().doubleValue() < 1);
        assertEquals(c.canvases(), DrawModels.generate(g, SMALL, 3, 9).canvases(), "same seed, same pictures");
        assertNotEquals(c.canvases(), DrawModels.generate(g, SMALL, 3, 10).canvases());
        // a fresh model's write window: centre near the image centre (0-based 5.5), stride (12-1)/(3-1)·e^-0.7
        double meanStride = c.windows().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(2))
                .meanNumber().doubleValue();
        assertEquals(5.5 * Math.exp(-0.7), meanStride, 1.5);

        INDArray x = images(6, 2, 12);
        assertArrayEquals(new long[]{2, 1, 12, 12}, DrawModels.reconstruct(g, SMALL, x).shape());

        DrawConfig plain = SMALL.withAttention(false);
        DrawCanvases p = DrawModels.generate(DrawModels.build(plain), plain, 2, 1);
        assertNull(p.windows());
        assertArrayEquals(new long[]{2, 4, 12, 12}, p.canvases().shape());
        assertThrows(IllegalArgumentException.class, () -> DrawModels.generate(g, SMALL.withSteps(5), 1, 1));
    }
}
