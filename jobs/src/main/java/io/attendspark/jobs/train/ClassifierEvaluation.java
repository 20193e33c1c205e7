package io.attendspark.jobs.train;

import io.attendspark.jobs.training.LocalRoundTrainer;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/** Test-set accuracy and confusion: on the Spark workers when training ran there, else in the driver. */
final class ClassifierEvaluation {
    private ClassifierEvaluation() {
    }

    static Evaluation onSpark(JavaSparkContext sc, ComputationGraph graph, List<String> files, int workers, int classes) {
        Evaluation evaluation = new Evaluation(classes);
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph,
                new ParameterAveragingTrainingMaster.Builder(workers, 1).build());
        return (Evaluation) spark.doEvaluation(sc.parallelize(files, workers), new SerializedDataSetLoader(), evaluation)[0];
    }

    static Evaluation inDriver(ComputationGraph graph, List<String> files, Configuration hadoop, int classes) {
        Evaluation evaluation = new Evaluation(classes);
        for (String file : files) {
            DataSet batch = LocalRoundTrainer.load(file, hadoop);
            evaluation.eval(batch.getLabels(), graph.outputSingle(false, batch.getFeatures()));
        }
        return evaluation;
    }

    /** {@code [actual][predicted]} counts. */
    static int[][] confusion(Evaluation evaluation, int classes) {
        int[][] m = new int[classes][classes];
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                m[a][p] = evaluation.getConfusionMatrix().getCount(a, p);
            }
        }
        return m;
    }

    static double[] perClassAccuracy(int[][] confusion) {
        double[] out = new double[confusion.length];
        for (int a = 0; a < confusion.length; a++) {
            long total = 0;
            for (int count : confusion[a]) {
                total += count;
            }
            out[a] = total == 0 ? Double.NaN : (double) confusion[a][a] / total;
        }
        return out;
    }
}
