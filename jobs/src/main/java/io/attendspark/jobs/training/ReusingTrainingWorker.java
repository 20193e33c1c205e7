package io.attendspark.jobs.training;

import java.util.Collection;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's parameter-averaging worker, except that it keeps the networks it built in its executor JVM
 * and reuses them in later rounds: DL4J builds a new {@link ComputationGraph} for every partition of
 * every round (for SameDiff layers that means defining the whole graph again), which costs as much
 * as a few minibatches of DRAW. A reused network gets the round's broadcast parameters, optimiser
 * state and counters, exactly what a new one would get; networks are matched by their configuration
 * with the counters left out, so a changed learning rate builds new ones. Each running task holds
 * its own network; the results are copies, so a network can go back to the pool at once.
 * With {@code collectStats} on, the reused path fills DL4J's timing helper (a private field of the
 * superclass, set reflectively) so the phase split still shows broadcast, set-up and fit times.
 */
final class ReusingTrainingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;
    /** Networks not in use in this JVM, all of configuration {@link #pooledKey}. */
    private static final Deque<ComputationGraph> POOL = new ConcurrentLinkedDeque<>();
    private static String pooledKey;
    private static final java.util.concurrent.atomic.AtomicLong REUSED = new java.util.concurrent.atomic.AtomicLong();

    private final Broadcast<NetBroadcastTuple> broadcast;
    private final boolean collectStats;
    private transient String key;

    ReusingTrainingWorker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater, WorkerConfiguration configuration,
            Collection<TrainingHook> hooks, Collection<TrainingListener> listeners, StatsStorageRouterProvider routerProvider) {
        super(broadcast, saveUpdater, configuration, hooks, listeners, routerProvider);
        this.broadcast = broadcast;
        this.collectStats = configuration.isCollectTrainingStats();
    }

    @Override
    public ComputationGraph getInitialModelGraph() {
        ParameterAveragingTrainingWorkerStats.ParameterAveragingTrainingWorkerStatsHelper timing =
                collectStats ? new ParameterAveragingTrainingWorkerStats.ParameterAveragingTrainingWorkerStatsHelper() : null;
        if (timing != null) {
            timing.logBroadcastGetValueStart();
        }
        NetBroadcastTuple tuple = broadcast.getValue();
        if (timing != null) {
            timing.logBroadcastGetValueEnd();
        }
        ComputationGraphConfiguration conf = tuple.getGraphConfiguration().clone();   // what DL4J's worker starts from
        int iterations = conf.getIterationCount();
        int epochs = conf.getEpochCount();
        conf.setIterationCount(0);
        conf.setEpochCount(0);
        key = conf.toJson();
        ComputationGraph net = take(key);
        if (net == null || (timing != null && !setTiming(timing))) {
            return super.getInitialModelGraph();
        }
        REUSED.incrementAndGet();
        net.getConfiguration().setIterationCount(iterations);
        net.getConfiguration().setEpochCount(epochs);
        net.setParams(tuple.getParameters());
        INDArray state = tuple.getUpdaterState();
        if (state != null) {
            net.getUpdater().getStateViewArray().assign(state);
        }
        net.rnnClearPreviousState();
        net.clearLayersStates();
        if (timing != null) {
            timing.logInitEnd();
        }
        return net;
    }

    /** Installs DL4J's per-task timing helper; false if this DL4J version has no such field. */
    private boolean setTiming(ParameterAveragingTrainingWorkerStats.ParameterAveragingTrainingWorkerStatsHelper timing) {
        try {
            java.lang.reflect.Field f = ParameterAveragingTrainingWorker.class.getDeclaredField("stats");
            f.setAccessible(true);
            f.set(this, timing);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public ParameterAveragingTrainingResult getFinalResult(ComputationGraph network) {
        ParameterAveragingTrainingResult r = super.getFinalResult(network);
        if (key == null) {
            return r;
        }
        ParameterAveragingTrainingResult copy = new ParameterAveragingTrainingResult(r.getParameters().dup(),
                r.getUpdaterState() == null ? null : r.getUpdaterState().dup(), r.getScore(), r.getListenerMetaData(),
                r.getListenerStaticInfo(), r.getListenerUpdates());
        give(key, network);
        return copy;
    }

    private static synchronized ComputationGraph take(String key) {
        if (!key.equals(pooledKey)) {
            POOL.clear();
            pooledKey = key;
            return null;
        }
        return POOL.pollFirst();
    }

    private static synchronized void give(String key, ComputationGraph network) {
        if (key.equals(pooledKey)) {
            POOL.addFirst(network);
        }
    }

    /** How many times a task in this JVM reused a network instead of building one (tests, logs). */
    static long reused() {
        return REUSED.get();
    }
}
