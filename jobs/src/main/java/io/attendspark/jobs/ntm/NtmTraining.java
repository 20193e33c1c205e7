package io.attendspark.jobs.ntm;

import io.attendspark.dataprep.shards.DataSetBytes;
import io.attendspark.dataprep.shards.TaskSource;
import io.attendspark.dataprep.tasks.AlgorithmicTask;
import io.attendspark.jobs.config.ConfigLoader;
import io.attendspark.jobs.io.ModelOutput;
import io.attendspark.jobs.io.LinePlot;
import io.attendspark.jobs.train.ModelTraining;
import io.attendspark.jobs.train.TaskDataConfig;
import io.attendspark.jobs.train.TrainConfig;
import io.attendspark.jobs.train.TrainingData;
import io.attendspark.jobs.training.GeneratedBatches;
import io.attendspark.jobs.training.RoundMetrics;
import io.attendspark.jobs.training.RoundTrainer;
import io.attendspark.models.ntm.NtmConfig;
import io.attendspark.models.ntm.NtmModels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NTM on an algorithmic task (Graves et al. 2014, arXiv:1410.5401v2, §4): episodes generated on
 * the executors (no data files), the two metrics of the paper's figures — cost in bits per sequence
 * (cross-entropy) and bit errors per sequence (outputs thresholded at 0.5) — measured on the test
 * episodes at the end and on a fixed validation set every {@code task.validateEvery} sequences
 * (the learning curve), and pictures: the curve and one episode's heads.
 */
public final class NtmTraining implements ModelTraining {
    private static final Logger log = LoggerFactory.getLogger(NtmTraining.class);
    static final String CURVE_CSV = "curve.csv";
    static final String CURVE_PNG = "curve.png";
    static final String EPISODE_PNG = "episode.png";
    private static final int EPISODE_SCALE = 8;
    /** Validation minibatches: the first ones of the test set. */
    private static final int VALIDATION_BATCHES = 4;

    private final TrainConfig config;
    private final NtmConfig ntm;
    private final TaskDataConfig task;
    private final AlgorithmicTask generator;
    private final List<double[]> curve = new ArrayList<>();   // {sequences, train bits, validation bits, validation bit errors, lr}
    private final LearningRatePlateau plateau;
    private List<DataSet> validation;
    private long nextValidation;

    public NtmTraining(TrainConfig config) {
        this.config = config;
        this.ntm = config.ntm();
        this.task = config.task();
        this.generator = task.generator();
        this.nextValidation = task.validateEvery();
        this.plateau = new LearningRatePlateau(task.plateau());
    }

    @Override
    public String architecture() {
        return "NTM-" + generator.name();
    }

    @Override
    public ComputationGraph build() {
        return NtmModels.buildFast(ntm);   // the hand-written layer: same math and parameters as the SameDiff one, ~10x faster
    }

    @Override
    public TrainingData trainData(JavaSparkContext sc) {
        long batches = Math.max(1, config.budgetExamples() / task.batchSize());
        return generated(task.seed(), (int) Math.min(Integer.MAX_VALUE, batches));
    }

    @Override
    public TrainingData testData(JavaSparkContext sc) {
        return generated(task.testSeed(), (task.testEpisodes() + task.batchSize() - 1) / task.batchSize());
    }

    private TrainingData generated(long seed, int batches) {
        GeneratedBatches source = new GeneratedBatches(new TaskSource(generator, seed), generator.name(), task.batchSize(),
                new PadEpisodes(ntm.steps()));
        List<String> refs = source.refs(0, batches);
        String identity = "generated " + generator.name() + " seed " + seed + " sha256 "
                + DataSetBytes.sha256(ConfigLoader.toYaml(task).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return new TrainingData(refs, refs, source, task.batchSize(), (long) batches * task.batchSize(), identity);
    }

    @Override
    public void afterRound(RoundMetrics round, ComputationGraph network) {
        boolean last = round.round() == round.rounds();
        if (task.validateEvery() <= 0 || (round.examples() < nextValidation && !last)) {
            return;
        }
        while (nextValidation <= round.examples()) {
            nextValidation += task.validateEvery();
        }
        if (validation == null) {
            TrainingData test = testData(null);
            validation = new ArrayList<>();
            for (int i = 0; i < Math.min(VALIDATION_BATCHES, test.batches().size()); i++) {
                validation.add(test.source().load(test.batches().get(i), null));
            }
        }
        double[] m = measure(network, validation);
        double lr = LearningRatePlateau.learningRate(network);
        curve.add(new double[] {round.examples(), round.loss() / Math.log(2), m[0], m[1], lr});
        log.info(String.format(Locale.ROOT, "after %d sequences: validation %.3f bits/sequence, %.3f bit errors/sequence "
                + "(learning rate %.3g)", round.examples(), m[0], m[1], lr));
        LearningRatePlateau.Action action = plateau.observe(m[0], round.examples(), network);
        if (action == LearningRatePlateau.Action.LOWERED || action == LearningRatePlateau.Action.ROLLED_BACK) {
            log.warn(plateau.lastMessage());
        }
    }

    /** {bits per sequence, bit errors per sequence} over {@code batches}, weighted by their sizes. */
    static double[] measure(ComputationGraph network, List<DataSet> batches) {
        double bits = 0;
        double errors = 0;
        long n = 0;
        for (DataSet ds : batches) {
            int b = ds.numExamples();
            bits += b * NtmModels.bitsPerSequence(network, ds);
            errors += b * NtmModels.bitErrorsPerSequence(network, ds);
            n += b;
        }
        return new double[] {bits / n, errors / n};
    }

    @Override
    public Map<String, Object> evaluate(JavaSparkContext sc, RoundTrainer trainer, TrainingData test, int workers) {
        List<DataSet> batches = new ArrayList<>();
        for (String ref : test.batches()) {
            batches.add(test.source().load(ref, null));
        }
        double[] m = measure(trainer.network(), batches);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sequences", test.examples());
        out.put("bitsPerSequence", m[0]);
        out.put("bitErrorsPerSequence", m[1]);
        out.put("curveColumns", List.of("sequences", "trainBitsPerSequence", "validationBitsPerSequence",
                "validationBitErrorsPerSequence", "learningRate"));
        out.put("curve", curve);
        log.info(String.format(Locale.ROOT, "Test set (%d %s episodes): cost %.4f bits/sequence, %.4f bit errors/sequence",
                test.examples(), generator.name(), m[0], m[1]));
        return out;
    }

    @Override
    public String summary(Map<String, Object> test) {
        return String.format(Locale.ROOT, "test cost %.3f bits/sequence, %.3f bit errors/sequence",
                (double) test.get("bitsPerSequence"), (double) test.get("bitErrorsPerSequence"));
    }

    @Override
    public List<String> writePictures(ModelOutput out, ComputationGraph trained, TrainingData test, JavaSparkContext sc)
            throws IOException {
        List<String> written = new ArrayList<>();
        if (!curve.isEmpty()) {
            StringBuilder csv = new StringBuilder("sequences,train_bits_per_sequence,validation_bits_per_sequence,"
                    + "validation_bit_errors_per_sequence,learning_rate\n");
            double[][] cols = new double[5][curve.size()];
            for (int i = 0; i < curve.size(); i++) {
                double[] row = curve.get(i);
                csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6g%n", (long) row[0], row[1], row[2], row[3], row[4]));
                for (int c = 0; c < 5; c++) {
                    cols[c][i] = row[c];
                }
            }
            out.writeText(CURVE_CSV, csv.toString());
            try (OutputStream png = out.create(CURVE_PNG)) {
                new LinePlot("sequences seen")
                        .addLog("validation cost, bits per sequence", cols[0], cols[2])
                        .addLog("validation bit errors per sequence", cols[0], cols[3])
                        .add("training cost (last minibatch of the round), bits per sequence", cols[0], cols[1])
                        .add("learning rate (task.plateau lowers it on a plateau or a relapse)", cols[0], cols[4])
                        .writePng(png);
            }
            written.add(CURVE_CSV);
            written.add(CURVE_PNG);
        }
        if (config.pictures() > 0) {
            DataSet first = test.source().load(test.batches().get(0), null);
            try (OutputStream png = out.create(EPISODE_PNG)) {
                int longest = first.getFeaturesMaskArray().sum(1).argMax().getInt(0);
                NtmPictures.writePng(NtmModels.trace(NtmModels.asSameDiff(trained, ntm), first.getFeatures()), first.getFeatures(), first.getLabels(),
                        longest, EPISODE_SCALE, png);
            }
            written.add(EPISODE_PNG);
        }
        return written;
    }
}
