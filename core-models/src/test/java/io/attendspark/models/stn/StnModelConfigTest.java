package io.attendspark.models.stn;

import io.attendspark.models.stn.StnModelConfig.Architecture;
import io.attendspark.models.stn.StnModelConfig.Optimizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Validation messages of {@link StnModelConfig} and {@link SpatialTransformerLayer} setters. */
class StnModelConfigTest {

    private static StnModelConfig withHeight(int h) {
        StnModelConfig d = StnModelConfig.defaults();
        return new StnModelConfig(d.architecture(), h, d.width(), d.channels(), d.classes(), d.conv1Filters(),
                d.conv2Filters(), d.kernel(), d.dense(), d.learningRate(), d.locLearningRateFactor(), d.optimizer(),
                d.momentum(), d.seed());
    }

    @Test
    void defaultsAreMnist() {
        StnModelConfig d = StnModelConfig.defaults();
        assertEquals(Architecture.ST_CNN, d.architecture());
        assertEquals(28, d.height());
        assertEquals(Optimizer.ADAM, d.optimizer());
        assertEquals(0.1, d.locLearningRateFactor());
    }

    @Test
    void invalidValuesAreRejectedWithFieldAndValue() {
        assertEquals("stn.height must be > 0 but was -3",
                assertThrows(IllegalArgumentException.class, () -> withHeight(-3)).getMessage());
        assertEquals("stn.height must be >= 16 for kernel 5 but was 15",
                assertThrows(IllegalArgumentException.class, () -> withHeight(15)).getMessage());
        StnModelConfig d = StnModelConfig.defaults();
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> new StnModelConfig(
                d.architecture(), 28, 28, 1, 10, 32, 64, 5, 256, 0.0, 0.1, d.optimizer(), 0.9, 1L));
        assertEquals("stn.learningRate must be finite and > 0 but was 0.0", lr.getMessage());
        IllegalArgumentException mom = assertThrows(IllegalArgumentException.class, () -> new StnModelConfig(
                d.architecture(), 28, 28, 1, 10, 32, 64, 5, 256, 0.01, 0.1, Optimizer.NESTEROVS, 1.0, 1L));
        assertEquals("stn.momentum must be in [0, 1) but was 1.0", mom.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StnModelConfig(
                null, 28, 28, 1, 10, 32, 64, 5, 256, 0.01, 0.1, Optimizer.SGD, 0.9, 1L));
    }

    @Test
    void layerSettersValidate() {
        assertEquals("stn.locFilters must be > 0 but was 0", assertThrows(IllegalArgumentException.class,
                () -> SpatialTransformerLayer.builder().locFilters(0)).getMessage());
        assertEquals("stn.outputHeight must be >= 0 (0 = input size) but was -1",
                assertThrows(IllegalArgumentException.class,
                        () -> SpatialTransformerLayer.builder().outputSize(-1, 4)).getMessage());
        SpatialTransformerLayer tooSmall = SpatialTransformerLayer.builder().locKernel(5).build();
        assertThrows(IllegalArgumentException.class, () -> tooSmall.setNIn(
                org.deeplearning4j.nn.conf.inputs.InputType.convolutional(12, 28, 1), true));
    }
}
