package io.attendspark.models.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Comparisons shared by the tests of this package's DL4J layers against DL4J's own layers. */
final class ConvLayerAsserts {

    private ConvLayerAsserts() {
    }

    /** Same shape and {@code |expected − actual| ≤ rel·|expected|} (2-norms). */
    static void assertClose(INDArray expected, INDArray actual, double rel, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = Math.max(expected.norm2Number().doubleValue(), 1e-30);
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(diff <= rel * scale, what + ": relative difference " + diff / scale + " > " + rel);
    }

    /**
     * Ten steps of both networks on {@code data}: the parameters must move (by more than 0.05) and
     * stay within 1e-4 of that move of the reference's (float rounding), and so must the outputs.
     */
    static void assertTrainsLike(ComputationGraph reference, ComputationGraph other, DataSet data) {
        INDArray start = other.params().dup();
        for (int i = 0; i < 10; i++) {
            reference.fit(data);
            other.fit(data);
        }
        double moved = other.params().sub(start).norm2Number().doubleValue();
        double differ = other.params().sub(reference.params()).norm2Number().doubleValue();
        assertTrue(moved > 0.05, "parameters must move, moved " + moved);
        assertTrue(differ < 1e-4 * moved, "float trajectories differ by " + differ + " (moved " + moved + ")");
        assertClose(reference.output(data.getFeatures())[0], other.output(data.getFeatures())[0], 1e-4, "outputs");
    }
}
