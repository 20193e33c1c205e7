package io.attendspark.dataprep.variants;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.attendspark.dataprep.mnist.MnistData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantConfigTest {
    private static final VariantConfig RTS = VariantConfig.defaults(MnistVariant.RTS);

    @Test
    void defaultsHoldThePaperValues() {
        int[] canvas = {28, 28, 28, 28, 42, 60, 100};
        MnistVariant[] all = MnistVariant.values();
        for (int i = 0; i < all.length; i++) {
            VariantConfig c = VariantConfig.defaults(all[i]);
            assertEquals(all[i], c.variant());
            assertEquals(canvas[i], c.canvas(), all[i].name());
            assertEquals(0.5, c.threshold());
        }
        assertEquals(90, VariantConfig.defaults(MnistVariant.ROTATED).maxRotationDegrees());
        assertEquals(new VariantConfig(MnistVariant.RTS, 42, 45, 0.7, 1.2, 0, 0, 0.5), RTS);
        assertEquals(new VariantConfig(MnistVariant.TRANSLATED_CLUTTERED, 60, 0, 1, 1, 6, 6, 0.5),
                VariantConfig.defaults(MnistVariant.TRANSLATED_CLUTTERED));
        assertEquals(new VariantConfig(MnistVariant.CLUTTERED_100, 100, 0, 1, 1, 8, 8, 0.5),
                VariantConfig.defaults(MnistVariant.CLUTTERED_100));
    }

    @Test
    void validationNamesTheField() {
        assertMessage("variant.minScale must be > 0 but was -1.0", () -> RTS.withScale(-1, 1));
        assertMessage("variant.variant", () -> new VariantConfig(null, 28, 0, 1, 1, 0, 0, 0.5));
        assertMessage("variant.canvas", () -> RTS.withCanvas(0));
        assertMessage("variant.maxRotationDegrees", () -> RTS.withMaxRotationDegrees(181));
        assertMessage("variant.maxRotationDegrees", () -> RTS.withMaxRotationDegrees(Double.NaN));
        assertMessage("variant.maxScale", () -> RTS.withScale(1, 0.5));
        assertMessage("variant.clutterPieces", () -> RTS.withClutter(-1, 4));
        assertMessage("variant.clutterSize", () -> RTS.withClutter(2, 0));
        assertMessage("variant.clutterSize", () -> RTS.withClutter(2, 43));
        assertMessage("variant.threshold", () -> new VariantConfig(MnistVariant.BINARIZED, 28, 0, 1, 1, 0, 0, 1.5));
        MnistData base = SyntheticMnist.of(new int[] {1}, SyntheticMnist.ell());
        assertMessage("variant.clutterSize", () -> new VariantGenerator(base, RTS.withClutter(1, 29).withCanvas(60)));
        VariantGenerator gen = new VariantGenerator(base, RTS);
        assertMessage("index", () -> gen.example(1, -1));
    }

    @Test
    void bindsWithJackson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        VariantConfig tc = VariantConfig.defaults(MnistVariant.TRANSLATED_CLUTTERED);
        assertEquals(tc, mapper.readValue(mapper.writeValueAsString(tc), VariantConfig.class));
        String json = "{\"variant\":\"RTS\",\"canvas\":42,\"maxRotationDegrees\":45.0,\"minScale\":0.7,"
                + "\"maxScale\":1.2,\"clutterPieces\":0,\"clutterSize\":0,\"threshold\":0.5}";
        assertEquals(RTS, mapper.readValue(json, VariantConfig.class));
        Exception bad = assertThrows(Exception.class,
                () -> mapper.readValue(json.replace("\"minScale\":0.7", "\"minScale\":-1"), VariantConfig.class));
        assertTrue(String.valueOf(bad.getMessage()).contains("variant.minScale"), bad.getMessage());
    }

    @Test
    void generatorSurvivesJavaSerialization() throws Exception {
        MnistData base = SyntheticMnist.of(new int[] {4, 2}, SyntheticMnist.ell(), SyntheticMnist.square(3, 3, 5));
        VariantGenerator gen = new VariantGenerator(base, VariantConfig.defaults(MnistVariant.CLUTTERED_100));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(gen);
        }
        VariantGenerator copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (VariantGenerator) in.readObject();
        }
        for (long i = 0; i < 5; i++) {
            assertArrayEquals(gen.example(9, i).pixels(), copy.example(9, i).pixels());
        }
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected),
                () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
