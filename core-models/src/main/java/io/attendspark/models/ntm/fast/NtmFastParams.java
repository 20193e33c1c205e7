package io.attendspark.models.ntm.fast;

import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.samediff.ParamArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The NTM's parameters (or their gradients) as double arrays in 'c' order, named as in the
 * SameDiff {@link io.attendspark.models.ntm.NeuralTuringMachineLayer}.
 */
final class NtmFastParams {

    static final String CTRL_WX = "ctrlWx", CTRL_WH = "ctrlWh", CTRL_B = "ctrlb";
    static final String HEAD_W = "headW", HEAD_B = "headb", OUT_W = "outW", OUT_B = "outb";
    static final String READ_INIT = "readInit", WEIGHTING_INIT = "weightingInit", MEMORY_INIT = "memoryInit";

    final double[] wx;            // [in, G]
    final double[] wh;            // [K, G]
    final double[] b;             // [G]
    final double[] headW;         // [H, headOutputs]
    final double[] headB;         // [headOutputs]
    final double[] outW;          // [H + R·M, out]
    final double[] outB;          // [out]
    final double[] readInit;      // [R·M]
    final double[] weightingInit; // [(R+W)·N]
    final double[] memoryInit;    // [N·M], LEARNED only (else null)

    private NtmFastParams(double[] wx, double[] wh, double[] b, double[] headW, double[] headB, double[] outW,
                          double[] outB, double[] readInit, double[] weightingInit, double[] memoryInit) {
        this.wx = wx;
        this.wh = wh;
        this.b = b;
        this.headW = headW;
        this.headB = headB;
        this.outW = outW;
        this.outB = outB;
        this.readInit = readInit;
        this.weightingInit = weightingInit;
        this.memoryInit = memoryInit;
    }

    /** Zeros of the right sizes (a gradient accumulator). */
    static NtmFastParams zeros(NtmFastDims d) {
        int g = d.gates(), ho = d.headOutputs();
        return new NtmFastParams(new double[d.in() * g], new double[d.recurrentInputs() * g], new double[g],
                new double[d.hidden() * ho], new double[ho], new double[d.features() * d.out()], new double[d.out()],
                new double[d.reads() * d.width()], new double[d.heads() * d.rows()],
                d.memoryInit() == NtmConfig.MemoryInit.LEARNED ? new double[d.cells()] : null);
    }

    /** Copies of the layer's parameter arrays. */
    static NtmFastParams from(Map<String, INDArray> table, NtmFastDims d) {
        return new NtmFastParams(get(table, CTRL_WX), get(table, CTRL_WH), get(table, CTRL_B), get(table, HEAD_W),
                get(table, HEAD_B), get(table, OUT_W), get(table, OUT_B), get(table, READ_INIT),
                get(table, WEIGHTING_INIT),
                d.memoryInit() == NtmConfig.MemoryInit.LEARNED ? get(table, MEMORY_INIT) : null);
    }


    /** Assigns every array to the view of the same name (e.g. DL4J's gradient views). */
    void writeTo(Map<String, INDArray> views) {
        put(views, CTRL_WX, wx);
        put(views, CTRL_WH, wh);
        put(views, CTRL_B, b);
        put(views, HEAD_W, headW);
        put(views, HEAD_B, headB);
        put(views, OUT_W, outW);
        put(views, OUT_B, outB);
        put(views, READ_INIT, readInit);
        put(views, WEIGHTING_INIT, weightingInit);
        if (memoryInit != null) {
            put(views, MEMORY_INIT, memoryInit);
        }
    }

    private static double[] get(Map<String, INDArray> table, String name) {
        return ParamArrays.get(table, name, "ntm");
    }

    private static void put(Map<String, INDArray> views, String name, double[] v) {
        ParamArrays.put(views, name, v, "ntm");
    }
}
