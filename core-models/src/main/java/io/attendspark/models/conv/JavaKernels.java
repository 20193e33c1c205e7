package io.attendspark.models.conv;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.buffer.DataType;

/** What the Java kernels of this package ({@link GemmConvolution}, {@link MaxPool}) cover. */
final class JavaKernels {

    private JavaKernels() {
    }

    /**
     * True for NCHW data, "Truncate" or "Strict" output sizes, no dilation and FLOAT or DOUBLE: the
     * layouts both kernels compute exactly as DL4J's layers do. Anything else runs DL4J's code.
     */
    static boolean cover(CNN2DFormat format, ConvolutionMode mode, int[] dilation, DataType type) {
        return format == CNN2DFormat.NCHW
                && (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict)
                && Arrays.stream(dilation).allMatch(d -> d == 1)
                && (type == DataType.FLOAT || type == DataType.DOUBLE);
    }
}
