package io.attendspark.models.ntm;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Defaults, copies and validation messages of {@link NtmConfig}. */
class NtmConfigTest {

    @Test
    void defaultsAreThePapersCopyTaskSizes() {
        NtmConfig d = NtmConfig.defaults();
        assertEquals(9, d.inputWidth());
        assertEquals(8, d.outputWidth());
        assertEquals(NtmConfig.Controller.LSTM, d.controller());
        assertEquals(100, d.controllerSize());
        assertEquals(128, d.memoryRows());
        assertEquals(20, d.memoryWidth());
        assertEquals(1, d.readHeads());
        assertEquals(1, d.writeHeads());
        assertEquals(1, d.shiftRange());
        assertEquals(3, d.shifts());
        assertEquals(41, d.steps());
        assertEquals(NtmConfig.MemoryInit.CONSTANT, d.memoryInit());
        assertEquals(NtmConfig.Optimizer.ADAM, d.optimizer());
        assertEquals(1e-3, d.learningRate());
        assertEquals(NtmConfig.Clipping.L2_PER_LAYER, d.clipping());
        assertEquals(50, d.clipThreshold());
    }

    @Test
    void copiesChangeOnlyTheirFields() {
        NtmConfig d = NtmConfig.defaults();
        NtmConfig longer = d.withSteps(121);
        assertEquals(121, longer.steps());
        assertEquals(d, longer.withSteps(41));
        NtmConfig widths = d.withWidths(10, 9);
        assertEquals(10, widths.inputWidth());
        assertEquals(9, widths.outputWidth());
        assertEquals(d, widths.withWidths(9, 8));
    }

    @Test
    void javaSerializationRoundTrips() throws IOException, ClassNotFoundException {
        NtmConfig c = NtmConfig.defaults().withMemoryInit(NtmConfig.MemoryInit.LEARNED);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(c, in.readObject());
        }
    }

    @Test
    void invalidValuesAreRejectedWithMustBeButWas() {
        NtmConfig d = NtmConfig.defaults();
        assertMessage("ntm.steps must be > 0 but was 0", () -> d.withSteps(0));
        assertMessage("ntm.inputWidth must be > 0 but was -1", () -> d.withWidths(-1, 8));
        assertMessage("ntm.memoryRows must be > 0 but was 0", () -> d.withMemory(0, 20, 1, 1));
        assertMessage("ntm.readHeads must be > 0 but was 0", () -> d.withMemory(128, 20, 0, 1));
        assertMessage("ntm.shiftRange must be in [0, memoryRows = 1) but was 1", () -> d.withMemory(1, 20, 1, 1));
        assertMessage("ntm.learningRate must be finite and > 0 but was NaN",
                () -> d.withOptimizer(NtmConfig.Optimizer.ADAM, Double.NaN, NtmConfig.Clipping.NONE, 0));
        assertMessage("ntm.clipThreshold must be finite and > 0 for clipping ELEMENTWISE but was 0.0",
                () -> d.withOptimizer(NtmConfig.Optimizer.RMSPROP, 1e-4, NtmConfig.Clipping.ELEMENTWISE, 0));
        assertMessage("ntm.controller must be one of LSTM, FEEDFORWARD but was null", () -> d.withController(null, 10));
        assertMessage("ntm.memoryInit must be one of CONSTANT, LEARNED, RANDOM but was null", () -> d.withMemoryInit(null));
    }

    private static void assertMessage(String expected, Runnable r) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, r::run).getMessage());
    }
}
