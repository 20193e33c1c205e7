package io.attendspark.models.stn.fast;

import io.attendspark.models.conv.MaxPoolRelu;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * One {@link MaxPoolRelu} of the localisation net between ND4J arrays: the conv output z
 * (without its bias) and the conv's bias come in, the pooled activations
 * {@code relu(maxpool(z + b))} go out as an INDArray (the next layer's input), and back, with the
 * bias gradient. Holds the pool (with its tap table of the last forward), Java scratch arrays (float[] in a
 * FLOAT network, double[] in a DOUBLE one) and the detached arrays it hands out, all reused from
 * call to call.
 */
final class StnFastPoolStage {

    private final MaxPoolRelu pool;
    private final DataType type;
    /** The pooled activations of the last forward, in the shape given to the constructor. */
    final INDArray out;
    private final INDArray gradIn;            // [N, F, h, w], gradient w.r.t. the conv output z
    private float[] floatIn, floatOut, floatGradOut, floatGradIn;
    private double[] doubleIn, doubleOut, doubleGradOut, doubleGradIn;

    /**
     * @param inShape  shape of the conv output {@code [N, F, h, w]}
     * @param outShape shape of {@link #out}, e.g. {@code [N, F·h2·w2]} for the flattened last pool
     */
    StnFastPoolStage(DataType type, long[] inShape, long[] outShape) {
        this.type = type;
        this.pool = new MaxPoolRelu(Math.toIntExact(inShape[0]), Math.toIntExact(inShape[1]),
                Math.toIntExact(inShape[2]), Math.toIntExact(inShape[3]));
        this.out = Nd4j.createUninitialized(type, outShape, 'c');
        this.gradIn = Nd4j.createUninitialized(type, inShape, 'c');
        if (out.length() != pool.outputLength()) {
            throw new IllegalArgumentException("pool output shape " + Arrays.toString(outShape) + " does not hold the "
                    + pool.outputLength() + " values of pooling " + Arrays.toString(inShape));
        }
    }

    /** {@link #out} = relu(maxpool(z + bias)), bias {@code [F]} added per channel; returns {@link #out}. */
    INDArray forward(INDArray z, INDArray bias) {
        if (type == DataType.FLOAT) {
            floatIn = StnFastArrays.readFloat(z, floatIn);
            floatOut = floatOut != null ? floatOut : new float[pool.outputLength()];
            pool.forward(floatIn, StnFastArrays.readFloat(bias, null), floatOut);
            StnFastArrays.write(out, floatOut);
        } else {
            doubleIn = StnFastArrays.readDouble(z, doubleIn);
            doubleOut = doubleOut != null ? doubleOut : new double[pool.outputLength()];
            pool.forward(doubleIn, StnFastArrays.readDouble(bias, null), doubleOut);
            StnFastArrays.write(out, doubleOut);
        }
        return out;
    }

    /**
     * Given {@code dOut} w.r.t. {@link #out}: writes the bias gradient into {@code biasGrad} and
     * returns the gradient w.r.t. the last forward's z (a reused array).
     */
    INDArray backward(INDArray dOut, INDArray biasGrad) {
        double[] dBias;
        if (type == DataType.FLOAT) {
            floatGradOut = StnFastArrays.readFloat(dOut, floatGradOut);
            floatGradIn = floatGradIn != null ? floatGradIn : new float[pool.inputLength()];
            dBias = pool.backward(floatGradOut, floatGradIn);
            StnFastArrays.write(gradIn, floatGradIn);
        } else {
            doubleGradOut = StnFastArrays.readDouble(dOut, doubleGradOut);
            doubleGradIn = doubleGradIn != null ? doubleGradIn : new double[pool.inputLength()];
            dBias = pool.backward(doubleGradOut, doubleGradIn);
            StnFastArrays.write(gradIn, doubleGradIn);
        }
        StnFastArrays.write(biasGrad, dBias);
        return gradIn;
    }
}
