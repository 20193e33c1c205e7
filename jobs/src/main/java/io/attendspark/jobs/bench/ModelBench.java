package io.attendspark.jobs.bench;

import io.attendspark.dataprep.tasks.CopyTask;
import io.attendspark.dataprep.tasks.CopyTaskConfig;
import io.attendspark.dataprep.tasks.EpisodeBatch;
import io.attendspark.jobs.spark.SameDiffStdoutFilter;
import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.ntm.NtmModels;
import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The standard workloads of the performance harness: steady-state cost of one training iteration
 * (forward + backward + update, after warm-up) of every model at its reference size, in this JVM
 * with whatever {@code OMP_NUM_THREADS} says; one CSV line per workload, with the analytic FLOPs
 * ({@link Flops}) and the PyTorch 1.13.1 figure given in issue 7 (measured elsewhere; for side-by-side
 * figures on this machine run {@code submit-scripts/bench-pytorch.sh}). The last column is the speed of
 * a fixed float gemm measured right after each workload ({@link SpeedProbe}): this machine's speed
 * swings by up to 2× for minutes, and the probe shows when a figure was taken in a slow phase.
 *
 * <pre>ModelBench [workload,...|all] [warmupSteps] [timedSteps]</pre>
 * Warm-up: at least {@code warmupSteps} iterations (the first builds the graph) and at least
 * {@link #WARMUP_SECONDS} after the first.
 */
public final class ModelBench {
    static final String HEADER = "workload,batch,omp_threads,ms_per_iter,examples_per_s,gflop_per_iter,gflop_per_s,"
            + "issue_pytorch_ms,ratio_to_issue_pytorch,first_iter_s,warmup_iters,probe_sgemm_gflop_s";
    /**
     * Warm-up lasts at least this long as well as the warm-up steps asked for (environment
     * {@code BENCH_WARMUP_SECONDS}, default 5; the PyTorch twins read the same variable): the JIT
     * needs about 30 iterations (1-3 s) to compile the Java kernels, and with 3 warm-up steps the
     * ST-CNN 28 measured 37-40 ms against 30-32 ms after 40 (issue 7).
     */
    static final double WARMUP_SECONDS = Double.parseDouble(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "5"));

    /** A model at its reference size and a minibatch for it. */
    record Workload(String name, int batch, double pytorchMs, Supplier<ComputationGraph> model, Supplier<DataSet> data,
            double flops) {
    }

    private ModelBench() {
    }

    static List<Workload> workloads() {
        StnModelConfig stn28 = StnModelConfig.defaults().withSize(28, 28);
        StnModelConfig cnn28 = stn28.withArchitecture(StnModelConfig.Architecture.CNN);
        StnModelConfig stn42 = StnModelConfig.defaults().withSize(42, 42);
        DrawConfig draw10 = DrawConfig.paper().withSteps(10);
        DrawConfig draw64 = DrawConfig.paper();
        NtmConfig ntm = NtmConfig.defaults();   // copy task: 9 -> 8, LSTM 100, 128 x 20, 1 + 1 heads, 41 steps
        return List.of(
                new Workload("stcnn-mnist28", 64, 16, () -> StnModels.build(stn28), () -> images(64, 28, true), Flops.stn(stn28, 64)),
                new Workload("stcnn-mnist28-samediff", 64, 16, () -> StnModels.buildSameDiff(stn28), () -> images(64, 28, true),
                        Flops.stn(stn28, 64)),
                new Workload("cnn-mnist28", 64, 16, () -> StnModels.build(cnn28), () -> images(64, 28, true), Flops.stn(cnn28, 64)),
                new Workload("stcnn-rts42", 64, 50, () -> StnModels.build(stn42), () -> images(64, 42, true), Flops.stn(stn42, 64)),
                new Workload("draw-t10", 64, 92.5, () -> DrawModels.build(draw10), () -> images(64, 28, false), Flops.draw(draw10, 64)),
                new Workload("draw-t64", 64, 850, () -> DrawModels.build(draw64), () -> images(64, 28, false), Flops.draw(draw64, 64)),
                new Workload("draw-t10-fast", 64, 92.5, () -> DrawModels.buildFast(draw10), () -> images(64, 28, false), Flops.draw(draw10, 64)),
                new Workload("draw-t64-fast", 64, 850, () -> DrawModels.buildFast(draw64), () -> images(64, 28, false), Flops.draw(draw64, 64)),
                new Workload("ntm-copy", 16, 105, () -> NtmModels.buildFast(ntm), () -> copyBatch(ntm.steps()), Flops.ntm(ntm, 16)),
                new Workload("ntm-copy-samediff", 16, 105, () -> NtmModels.build(ntm), () -> copyBatch(ntm.steps()),
                        Flops.ntm(ntm, 16)));
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "all";
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        SameDiffStdoutFilter.install();
        System.out.println(HEADER);
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
        for (Workload w : workloads()) {
            if (!which.equals("all") && !List.of(which.split(",")).contains(w.name())) {
                continue;
            }
            ComputationGraph graph = w.model().get();
            DataSet data = w.data().get();
            long first = System.nanoTime();
            graph.fit(data);                                   // builds the gradient graph
            double firstSeconds = (System.nanoTime() - first) / 1e9;
            int warmupIters = 1;
            long warmStart = System.nanoTime();                // the clock starts after the graph build
            while (warmupIters < warmup || System.nanoTime() - warmStart < WARMUP_SECONDS * 1e9) {
                graph.fit(data);
                warmupIters++;
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                graph.fit(data);
            }
            double ms = (System.nanoTime() - start) / 1e6 / steps;
            double gflop = w.flops() / 1e9;
            System.out.printf(Locale.ROOT, "%s,%d,%s,%.1f,%.1f,%.3f,%.2f,%.1f,%.2f,%.1f,%d,%.0f%n", w.name(), w.batch(),
                    threads, ms, w.batch() * 1000 / ms, gflop, gflop / (ms / 1000), w.pytorchMs(), ms / w.pytorchMs(),
                    firstSeconds, warmupIters, SpeedProbe.sgemmGflops());
        }
    }

    private static DataSet images(int batch, int size, boolean classes) {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, size, size);
        if (!classes) {
            x = x.gt(0.5).castTo(DataType.FLOAT);   // DRAW: binary images
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        return new DataSet(x, y);
    }

    private static DataSet copyBatch(int steps) {
        CopyTask task = new CopyTask(CopyTaskConfig.defaults());
        long[] indices = new long[16];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return EpisodeBatch.padTime(EpisodeBatch.generate(task, 1L, indices), steps);
    }
}
