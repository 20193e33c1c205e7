package io.attendspark.models.math;

/**
 * σ(x) = 1 / (1 + e^−x) and tanh(x) over ranges of double arrays, for the hand-written recurrent
 * layers. With the incubating {@code jdk.incubator.vector} module in the boot layer
 * ({@code --add-modules=jdk.incubator.vector}, in conf/jvm.options) the ranges go through
 * {@link VectorKernels}: the JDK's vectorised exp (SVML on x86), ~0.5 ns per value against ~3 ns
 * for {@code Math.exp} (issue 7: the exps were a quarter of a DRAW forward pass). Without the module,
 * or with {@code -Dattend.vector=false}, the same formulas run one value at a time on
 * {@code Math.exp}. The two agree to a few ulps (tested).
 */
public final class Activations {

    /** One implementation of the range functions. */
    interface Kernels {
        /** {@code out[at + i] = σ(x[from + i])} for i < len. */
        void sigmoid(double[] x, int from, double[] out, int at, int len);

        /** {@code out[at + i] = tanh(x[from + i])} for i < len. */
        void tanh(double[] x, int from, double[] out, int at, int len);
    }

    /** The one-value-at-a-time kernels. */
    static final Kernels SCALAR = new Kernels() {
        @Override
        public void sigmoid(double[] x, int from, double[] out, int at, int len) {
            for (int i = 0; i < len; i++) {
                out[at + i] = Activations.sigmoid(x[from + i]);
            }
        }

        @Override
        public void tanh(double[] x, int from, double[] out, int at, int len) {
            for (int i = 0; i < len; i++) {
                out[at + i] = Activations.tanh(x[from + i]);
            }
        }
    };

    private static final Kernels KERNELS = load();

    private Activations() {
    }

    /**
     * {@link VectorKernels} when its module is in the boot layer and not switched off, else
     * {@link #SCALAR}. Loaded by name, so that nothing links against the module when it is absent.
     */
    static Kernels load() {
        boolean wanted = Boolean.parseBoolean(System.getProperty("attend.vector", "true"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Kernels) Class.forName("io.attendspark.models.math.VectorKernels").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return SCALAR;
            }
        }
        return SCALAR;
    }

    /** True when the ranges run vectorised (for logs and tests). */
    public static boolean vectorised() {
        return KERNELS != SCALAR;
    }

    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** tanh through one {@code exp} (Math.tanh is the slow StrictMath one); absolute error ~1e-16. */
    public static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        return Math.copySign((1 - e) / (1 + e), x);
    }

    /** {@code out[at + i] = σ(x[from + i])} for i < len ({@code out} may be {@code x}, same range). */
    public static void sigmoid(double[] x, int from, double[] out, int at, int len) {
        KERNELS.sigmoid(x, from, out, at, len);
    }

    /** {@code out[at + i] = tanh(x[from + i])} for i < len ({@code out} may be {@code x}, same range). */
    public static void tanh(double[] x, int from, double[] out, int at, int len) {
        KERNELS.tanh(x, from, out, at, len);
    }
}
