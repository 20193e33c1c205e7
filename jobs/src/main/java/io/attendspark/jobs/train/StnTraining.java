package io.attendspark.jobs.train;

import io.attendspark.dataprep.mnist.MnistSplit;
import io.attendspark.jobs.io.ModelOutput;
import io.attendspark.jobs.training.RoundTrainer;
import io.attendspark.jobs.training.LocalRoundTrainer;
import io.attendspark.models.stn.StnModelConfig;
import io.attendspark.models.stn.StnModels;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ST-CNN / CNN classifiers on an MNIST variant: test accuracy and confusion, and the transformer's picture. */
final class StnTraining implements ModelTraining {
    private static final Logger log = LoggerFactory.getLogger(StnTraining.class);
    private final TrainConfig config;
    private final StnModelConfig model;

    StnTraining(TrainConfig config) {
        this.config = config;
        this.model = config.stn();
    }

    @Override
    public String architecture() {
        return model.architecture().name();
    }

    @Override
    public ComputationGraph build() {
        return StnModels.build(model);
    }

    @Override
    public TrainingData trainData(JavaSparkContext sc) {
        return TrainingData.of(PreparedData.ensure(sc, config.data(), MnistSplit.TRAIN));
    }

    @Override
    public TrainingData testData(JavaSparkContext sc) {
        return TrainingData.of(PreparedData.ensure(sc, config.data(), MnistSplit.TEST));
    }

    @Override
    public Map<String, Object> evaluate(JavaSparkContext sc, RoundTrainer trainer, TrainingData test, int workers) {
        Evaluation evaluation = !(trainer instanceof LocalRoundTrainer)
                ? ClassifierEvaluation.onSpark(sc, trainer.network(), test.batches(), workers, model.classes())
                : ClassifierEvaluation.inDriver(trainer.network(), test.batches(), sc.hadoopConfiguration(), model.classes());
        log.info("Test set: accuracy {} on {} examples\n{}", String.format("%.4f", evaluation.accuracy()),
                evaluation.getNumRowCounter(), evaluation.confusionToString());
        int[][] confusion = ClassifierEvaluation.confusion(evaluation, model.classes());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("examples", (long) evaluation.getNumRowCounter());
        out.put("accuracy", evaluation.accuracy());
        out.put("error", 1 - evaluation.accuracy());
        out.put("perClassAccuracy", ClassifierEvaluation.perClassAccuracy(confusion));
        out.put("confusion", confusion);
        return out;
    }

    @Override
    public String summary(Map<String, Object> test) {
        return String.format("test error %.2f %%", 100 * (double) test.get("error"));
    }

    @Override
    public List<String> writePictures(ModelOutput out, ComputationGraph trained, TrainingData test, JavaSparkContext sc)
            throws IOException {
        if (model.architecture() != StnModelConfig.Architecture.ST_CNN || config.pictures() == 0) {
            return List.of();
        }
        DataSet first = test.source().load(test.batches().get(0), sc.hadoopConfiguration());
        int n = (int) Math.min(config.pictures(), first.numExamples());
        try (OutputStream png = out.create(TransformerPicture.FILE)) {
            TransformerPicture.write(trained, first.getFeatures().get(NDArrayIndex.interval(0, n)), png);
        }
        return List.of(TransformerPicture.FILE);
    }
}
