package io.attendspark.models.conv;

import io.attendspark.models.dl4j.NativeBuffers;
import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime layer of {@link MaxPoolLayer}: max pooling by {@link MaxPool}; the backward reuses
 * the maxima of the forward when its input is the forward's, else runs the forward again.
 */
public class MaxPoolRuntime extends SubsamplingLayer {

    private transient MaxPool pool;
    private transient INDArray forwardInput;
    private transient float[] floatIn;
    private transient float[] floatOut;
    private transient double[] doubleIn;
    private transient double[] doubleOut;
    private transient float[] floatGrad;
    private transient double[] doubleGrad;

    public MaxPoolRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** True when {@link MaxPool} computes exactly what DL4J's layer would. */
    boolean handled() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return c.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                && JavaKernels.cover(c.getCnn2dDataFormat(), c.getConvolutionMode(), c.getDilation(), dataType)
                && Arrays.stream(c.getPadding()).allMatch(p -> p == 0);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!handled()) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        if (input.rank() != 4) {
            throw new DL4JInvalidInputException("max pooling layer " + layerId() + " needs a rank 4 input [N, C, H, W]"
                    + " but got shape " + Arrays.toString(input.shape()));
        }
        INDArray x = input.castTo(dataType);
        MaxPool p = pool(x);
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{x.size(0), x.size(1), p.outH, p.outW}, 'c');
        if (dataType == DataType.FLOAT) {
            floatIn = NativeBuffers.read(x, floatIn);
            floatOut = floatOut != null && floatOut.length == y.length() ? floatOut : new float[(int) y.length()];
            p.forward(floatIn, floatOut);
            NativeBuffers.write(y, floatOut);
        } else {
            doubleIn = NativeBuffers.read(x, doubleIn);
            doubleOut = doubleOut != null && doubleOut.length == y.length() ? doubleOut : new double[(int) y.length()];
            p.forward(doubleIn, doubleOut);
            NativeBuffers.write(y, doubleOut);
        }
        forwardInput = input;
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!handled()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        if (forwardInput != input || pool == null) {
            activate(true, workspaceMgr);
        }
        forwardInput = null;
        INDArray eps = epsilon.castTo(dataType);
        long[] expected = {input.size(0), input.size(1), pool.outH, pool.outW};
        if (!Arrays.equals(eps.shape(), expected)) {
            throw new IllegalArgumentException("max pooling layer " + layerId() + " expects a gradient of shape "
                    + Arrays.toString(expected) + " but got " + Arrays.toString(eps.shape()));
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        int n = Math.toIntExact(dx.length());
        if (dataType == DataType.FLOAT) {
            floatGrad = floatGrad != null && floatGrad.length == n ? floatGrad : new float[n];
            pool.backward(NativeBuffers.read(eps, floatOut), floatGrad);
            NativeBuffers.write(dx, floatGrad);
        } else {
            doubleGrad = doubleGrad != null && doubleGrad.length == n ? doubleGrad : new double[n];
            pool.backward(NativeBuffers.read(eps, doubleOut), doubleGrad);
            NativeBuffers.write(dx, doubleGrad);
        }
        return new Pair<>(new DefaultGradient(), dx);
    }

    private MaxPool pool(INDArray x) {
        int planes = Math.toIntExact(x.size(0) * x.size(1));
        int h = Math.toIntExact(x.size(2));
        int w = Math.toIntExact(x.size(3));
        if (pool == null || !pool.fits(planes, h, w)) {
            org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
            pool = new MaxPool(planes, h, w, c.getKernelSize()[0], c.getKernelSize()[1], c.getStride()[0],
                    c.getStride()[1]);
        }
        return pool;
    }
}
