package io.attendspark.jobs.training;

import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/** {@link ParameterAveragingTrainingMaster} whose workers reuse their networks across rounds ({@link ReusingTrainingWorker}). */
final class ReusingTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final long serialVersionUID = 1L;

    /** Minibatch files of the next fit, when the caller knows them; -1 lets DL4J count them. */
    private transient long knownCount = -1;

    ReusingTrainingMaster(ParameterAveragingTrainingMaster.Builder builder) {
        super(builder);
    }

    /**
     * The next fit has {@code files} minibatch files. DL4J would otherwise count the paths RDD with
     * a Spark job of its own every round (about 50 ms per round of 10 minibatches on 1 executor,
     * ~6 % of the round, in {@code ClusterBench}'s {@code count_job_ms}).
     */
    void expectFiles(long files) {
        knownCount = files;
    }

    @Override
    protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
        long known = knownCount;
        knownCount = -1;
        return known >= 0 ? known : super.getTotalDataSetObjectCount(trainingData);
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
        NetBroadcastTuple tuple = new NetBroadcastTuple(graph.getNetwork().getConfiguration(), graph.getNetwork().params(),
                graph.getNetwork().getUpdater().getStateViewArray());
        if (collectTrainingStats) {
            stats.logBroadcastStart();
        }
        Broadcast<NetBroadcastTuple> broadcast = graph.getSparkContext().broadcast(tuple);
        if (collectTrainingStats) {
            stats.logBroadcastEnd();
        }
        WorkerConfiguration configuration = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new ReusingTrainingWorker(broadcast, saveUpdater, configuration, trainingHookList, listeners,
                getRouterProvider());
    }
}
