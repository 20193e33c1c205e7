package io.attendspark.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Where an averaging round's time goes on the Spark side, from the scheduler's own events: wall
 * time of each job by kind (the first word of its first stage's name, e.g. {@code count} for
 * DL4J's per-round count of the minibatch paths, {@code treeAggregate} for the fit-and-average
 * job), and for the tasks of the fit-and-average jobs the time from launch to result
 * ({@code duration}), inside the executor ({@code run}), deserialising the task and its closure
 * ({@code deserialize}) and serialising the result ({@code resultSerialize}).
 */
final class JobPhaseListener extends SparkListener {

    private final Map<Integer, String> jobKind = new ConcurrentHashMap<>();
    private final Map<Integer, Long> jobStart = new ConcurrentHashMap<>();
    private final Map<Integer, String> stageKind = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> jobMs = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> taskMs = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        String kind = "other";
        scala.collection.Iterator<StageInfo> stages = start.stageInfos().iterator();
        if (stages.hasNext()) {
            kind = stages.next().name().split(" ")[0];
        }
        jobKind.put(start.jobId(), kind);
        jobStart.put(start.jobId(), start.time());
        for (scala.collection.Iterator<StageInfo> it = start.stageInfos().iterator(); it.hasNext(); ) {
            stageKind.put(it.next().stageId(), kind);
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Long t0 = jobStart.remove(end.jobId());
        if (t0 != null) {
            add(jobMs, jobKind.getOrDefault(end.jobId(), "other"), end.time() - t0);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!"treeAggregate".equals(stageKind.get(end.stageId())) || end.taskMetrics() == null) {
            return;
        }
        add(taskMs, "duration", end.taskInfo().duration());
        add(taskMs, "run", end.taskMetrics().executorRunTime());
        add(taskMs, "deserialize", end.taskMetrics().executorDeserializeTime());
        add(taskMs, "resultSerialize", end.taskMetrics().resultSerializationTime());
    }

    /** Mean wall time of jobs of {@code kind}, leaving out the first {@code skip}; NaN if none. */
    double jobMean(String kind, int skip) {
        return mean(jobMs.get(kind), skip);
    }

    /** Mean over the fit-and-average tasks of {@code metric}, leaving out the first {@code skip}. */
    double taskMean(String metric, int skip) {
        return mean(taskMs.get(metric), skip);
    }

    /** Jobs seen per kind. */
    Map<String, Integer> jobCounts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        jobMs.forEach((k, v) -> counts.put(k, v.size()));
        return counts;
    }

    private static void add(Map<String, List<Long>> map, String key, long value) {
        map.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(value);
    }

    private static double mean(List<Long> values, int skip) {
        if (values == null) {
            return Double.NaN;
        }
        synchronized (values) {
            return values.stream().skip(skip).mapToLong(Long::longValue).average().orElse(Double.NaN);
        }
    }
}
