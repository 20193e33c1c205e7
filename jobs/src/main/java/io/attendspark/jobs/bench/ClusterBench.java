package io.attendspark.jobs.bench;

import io.attendspark.dataprep.shards.DataSetBytes;
import io.attendspark.jobs.spark.LocalClusterConf;
import io.attendspark.jobs.spark.SameDiffStdoutFilter;
import io.attendspark.jobs.training.AveragingSettings;
import io.attendspark.jobs.training.LocalRoundTrainer;
import io.attendspark.jobs.training.RoundMetrics;
import io.attendspark.jobs.training.RoundPlan;
import io.attendspark.jobs.training.RoundTrainer;
import io.attendspark.jobs.training.SparkRoundTrainer;
import io.attendspark.jobs.training.TrainingLoop;
import io.attendspark.jobs.training.resident.ResidentRoundTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Distributed figures of the performance harness: training throughput of one workload through the
 * job's Spark trainer with real executor JVMs ({@code local-cluster[E,1,MB]}, one core each) for
 * each number of executors and averaging frequency, next to the single-JVM loop; the time of an
 * averaging round split into DL4J's phases (driver: broadcast, aggregate, parameter processing;
 * workers: network init, fit, broadcast fetch), the first round's time (executor JVM start, ND4J
 * start, graph build) and each executor's peak memory. Each executor count runs twice: DL4J's
 * job per round ({@code spark}) and resident workers ({@code resident}, whose phase columns are the
 * driver's averaging and the slowest worker's fit). The first half of the rounds, and at least the
 * first round (executor start-up, graph build) and the rounds that start within
 * {@link ModelBench#WARMUP_SECONDS} after it, are left out of the steady figures: the executors'
 * JIT keeps compiling per-round code for tens of seconds (issue 7: two ST-CNN executors fitted 29 %
 * slower than one over rounds 2-30, 14 % over a 400-round run). One CSV line per configuration.
 *
 * <pre>ClusterBench workload executors(1,2) frequencies(5,20) rounds jvm.options</pre>
 */
public final class ClusterBench {
    static final String HEADER = "workload,mode,executors,avg_freq,batch,rounds,warmup_rounds,examples_per_s,round_ms,first_round_s,"
            + "driver_broadcast_ms,driver_aggregate_ms,driver_process_ms,worker_init_ms,worker_fit_ms,worker_broadcast_get_ms,"
            + "exec_peak_rss_mb,exec_heap_peak_mb,exec_rss_minus_heap_mb,"
            + "count_job_ms,fit_job_ms,task_ms,task_run_ms,task_deserialize_ms,task_result_serialize_ms";

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "stcnn-rts42";
        int[] executors = ints(args.length > 1 ? args[1] : "1,2");
        int[] frequencies = ints(args.length > 2 ? args[2] : "5,20");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Path jvmOptions = Path.of(args.length > 4 ? args[4] : "conf/jvm.options");
        SameDiffStdoutFilter.install();
        ModelBench.Workload w = ModelBench.workloads().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload " + name));
        Path dir = Files.createTempDirectory("cluster-bench");
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Path f = dir.resolve(String.format("batch-%03d.bin", i));
            Files.write(f, DataSetBytes.toBytes(w.data().get()));
            files.add(f.toUri().toString());
        }
        System.out.println(HEADER);
        for (int freq : frequencies) {
            RoundPlan plan = new RoundPlan(files, 1, freq, (long) rounds * freq, 1);
            List<RoundMetrics> curve = TrainingLoop.run(new LocalRoundTrainer(w.model().get(), new Configuration()), plan, w.batch());
            System.out.println(line(w, "single-jvm", 1, freq, curve, (SparkTrainingStats) null, "-,-,-") + ",-,-,-,-,-,-");
            for (int e : executors) {
                try (JavaSparkContext sc = new JavaSparkContext(LocalClusterConf.create("cluster-bench", e, 4096, jvmOptions))) {
                    JobPhaseListener jobs = new JobPhaseListener();
                    sc.sc().addSparkListener(jobs);
                    AveragingSettings settings = new AveragingSettings(e, freq, true, 2, 0, true, false);
                    SparkRoundTrainer trainer = new SparkRoundTrainer(sc, w.model().get(), settings, e, w.batch());
                    RoundPlan sparkPlan = new RoundPlan(files, e, freq, (long) rounds * freq * e, 1);
                    List<RoundMetrics> sparkCurve = TrainingLoop.run(trainer, sparkPlan, w.batch());
                    List<String> probes = sc.parallelize(IntStream.range(0, 4 * e).boxed().toList(), 4 * e)
                            .map(new ExecutorProbe()).collect();
                    System.out.println(line(w, "spark", e, freq, sparkCurve, trainer.stats(), memory(probes)) + ","
                            + spark(jobs, e, warmupRounds(sparkCurve)));
                }
                try (JavaSparkContext sc = new JavaSparkContext(LocalClusterConf.create("cluster-bench", e, 4096, jvmOptions))) {
                    RoundPlan sparkPlan = new RoundPlan(files, e, freq, (long) rounds * freq * e, 1);
                    List<RoundMetrics> residentCurve;
                    List<ResidentRoundTrainer.RoundTiming> timings;
                    AveragingSettings settings = new AveragingSettings(e, freq, true, 2, 0, false, true);
                    try (ResidentRoundTrainer trainer = new ResidentRoundTrainer(sc, w.model().get(), settings, e)) {
                        residentCurve = TrainingLoop.run(trainer, sparkPlan, w.batch());
                        timings = trainer.timings();
                    }
                    List<String> probes = sc.parallelize(IntStream.range(0, 4 * e).boxed().toList(), 4 * e)
                            .map(new ExecutorProbe()).collect();
                    int skip = warmupRounds(residentCurve);
                    String phases = String.format(Locale.ROOT, "-,-,%.0f,-,%.0f,-",
                            timings.stream().skip(skip).mapToDouble(ResidentRoundTrainer.RoundTiming::averageMs).average().orElse(Double.NaN),
                            timings.stream().skip(skip).mapToDouble(ResidentRoundTrainer.RoundTiming::fitMs).average().orElse(Double.NaN));
                    System.out.println(line(w, "resident", e, freq, residentCurve, phases, memory(probes)) + ",-,-,-,-,-,-");
                }
            }
        }
    }

    private static String line(ModelBench.Workload w, String mode, int executors, int freq, List<RoundMetrics> curve,
            SparkTrainingStats stats, String memory) {
        int skip = warmupRounds(curve);
        String phases = stats == null ? "-,-,-,-,-,-" : String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%.0f,%.0f",
                mean(stats, "ParameterAveragingMasterBroadcastCreateTimesMs", skip),
                mean(stats, "ParameterAveragingMasterAggregateTimesMs", skip),
                mean(stats, "ParameterAveragingMasterProcessParamsUpdaterTimesMs", skip),
                mean(stats.getNestedTrainingStats(), "ParameterAveragingWorkerInitTimeMs", skip * executors),
                mean(stats.getNestedTrainingStats(), "ParameterAveragingWorkerFitTimesMs", skip * executors * freq) * freq,
                mean(stats.getNestedTrainingStats(), "ParameterAveragingWorkerBroadcastGetValueTimeMs", skip * executors));
        return line(w, mode, executors, freq, curve, phases, memory);
    }

    private static String line(ModelBench.Workload w, String mode, int executors, int freq, List<RoundMetrics> curve,
            String phases, String memory) {
        int skip = warmupRounds(curve);
        double seconds = 0;
        long examples = 0;
        for (int r = skip; r < curve.size(); r++) {
            seconds += curve.get(r).roundSeconds();
            examples += curve.get(r).examples() - curve.get(r - 1).examples();
        }
        return String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%d,%.1f,%.0f,%.1f,%s,%s", w.name(), mode, executors, freq,
                w.batch(), curve.size(), skip, examples / seconds, 1000 * seconds / (curve.size() - skip),
                curve.get(0).roundSeconds(), phases, memory);
    }

    /**
     * How many leading rounds the steady figures leave out: the first half, and at least the first
     * round (executor and graph start-up) and those that start within {@link ModelBench#WARMUP_SECONDS}
     * after it; never all.
     */
    static int warmupRounds(List<RoundMetrics> curve) {
        int k = 1;
        double start = 0;
        while (k < curve.size() - 1 && start < ModelBench.WARMUP_SECONDS) {
            start += curve.get(k).roundSeconds();
            k++;
        }
        return Math.min(Math.max(k, curve.size() / 2), Math.max(curve.size() - 1, 1));
    }

    /** The Spark scheduler's view of a round (see {@link JobPhaseListener}), warm-up rounds left out. */
    private static String spark(JobPhaseListener jobs, int executors, int skip) {
        return String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%.0f,%.0f", jobs.jobMean("count", skip),
                jobs.jobMean("treeAggregate", skip), jobs.taskMean("duration", skip * executors),
                jobs.taskMean("run", skip * executors), jobs.taskMean("deserialize", skip * executors),
                jobs.taskMean("resultSerialize", skip * executors));
    }

    /** Mean duration of {@code key}'s events, leaving out the first {@code skip} (the first round's). */
    private static double mean(SparkTrainingStats stats, String key, int skip) {
        if (stats == null || !stats.getKeySet().contains(key)) {
            return Double.NaN;
        }
        List<EventStats> events = stats.getValue(key);
        return events.stream().skip(skip).mapToLong(EventStats::getDurationMs).average().orElse(Double.NaN);
    }

    /** Max over executors of peak RSS, heap peak, and their difference (MB). */
    private static String memory(List<String> probes) {
        TreeMap<String, long[]> byExecutor = new TreeMap<>();
        for (String p : probes) {
            String[] f = p.split(",");
            byExecutor.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
        }
        long[] max = new long[3];
        for (long[] v : byExecutor.values()) {
            for (int i = 0; i < 3; i++) {
                max[i] = Math.max(max[i], v[i]);
            }
        }
        return max[0] + "," + max[1] + "," + max[2];
    }

    private static int[] ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
