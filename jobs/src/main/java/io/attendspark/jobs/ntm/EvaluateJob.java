package io.attendspark.jobs.ntm;

import io.attendspark.dataprep.tasks.EpisodeBatch;
import io.attendspark.jobs.config.ConfigLoader;
import io.attendspark.jobs.config.JobArgs;
import io.attendspark.jobs.io.AtomicOutput;
import io.attendspark.jobs.io.Json;
import io.attendspark.jobs.io.SavedModel;
import io.attendspark.jobs.spark.SameDiffStdoutFilter;
import io.attendspark.jobs.train.ModelKind;
import io.attendspark.jobs.train.TrainConfig;
import io.attendspark.models.ntm.NtmModels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a trained NTM from any Hadoop FS path (or a store's LATEST) and measures cost in bits per
 * sequence and bit errors per sequence on the paper's generalisation sets ({@link GeneralisationSets}):
 * longer sequences than training used, with the network unrolled as far as each set needs. Writes
 * {@code generalisation.json} and one episode picture per set, {@code _SUCCESS} last. Needs no Spark.
 *
 * <pre>EvaluateJob --set model=hdfs:///models/ntm-copy/v=2 --set output=hdfs:///reports/ntm-copy-v2</pre>
 */
public final class EvaluateJob {
    private static final Logger log = LoggerFactory.getLogger(EvaluateJob.class);
    static final String USAGE = "Usage: EvaluateJob --set model=<model dir> | --set storeRoot=<uri> --set storeName=<name>;"
            + " --set output=<dir> [--set episodes=N] [--set seed=S]";
    static final String METRICS = "generalisation.json";

    private EvaluateJob() {
    }

    public static void main(String[] args) {
        try {
            List<Map<String, Object>> sets = run(args);
            for (Map<String, Object> s : sets) {
                System.out.printf(Locale.ROOT, "%-28s %4d episodes, T = %4d: %8.3f bits/sequence, %7.3f bit errors/sequence%n",
                        s.get("set"), s.get("episodes"), s.get("steps"), s.get("bitsPerSequence"), s.get("bitErrorsPerSequence"));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("EvaluateJob: " + e.getMessage());
            System.exit(2);
        }
    }

    public static List<Map<String, Object>> run(String[] args) {
        JobArgs cli = JobArgs.parse(args, USAGE);
        EvaluateConfig config = ConfigLoader.load(cli.config(), cli.overrides(), EvaluateConfig.class, EvaluateConfig::defaults);
        SameDiffStdoutFilter.install();
        Configuration hadoop = new Configuration();
        SavedModel saved = SavedModel.open(config.model(), config.storeRoot(), config.storeName(), hadoop);
        TrainConfig trained = ConfigLoader.parse(saved.configYaml(), saved.location(), TrainConfig.class, TrainConfig::defaults);
        if (trained.model() != ModelKind.NTM) {
            throw new IllegalArgumentException("Model " + saved.location() + " is a " + trained.model() + " model, not an NTM");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        try (AtomicOutput out = AtomicOutput.begin(config.output(), hadoop, config.overwrite(), "evaluate-" + System.nanoTime())) {
            for (GeneralisationSets.Set set : GeneralisationSets.of(trained.task())) {
                int steps = Math.max(trained.ntm().steps(), set.task().maxLength());
                ComputationGraph graph = NtmModels.withSteps(saved.graph(), trained.ntm(), steps);
                List<DataSet> batches = new ArrayList<>();
                for (long first = 0; first < config.episodes(); first += config.batchSize()) {
                    int n = (int) Math.min(config.batchSize(), config.episodes() - first);
                    long[] indices = new long[n];
                    for (int i = 0; i < n; i++) {
                        indices[i] = first + i;
                    }
                    batches.add(EpisodeBatch.padTime(EpisodeBatch.generate(set.task(), config.seed(), indices), steps));
                }
                double[] m = NtmTraining.measure(graph, batches);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("set", set.name());
                r.put("episodes", config.episodes());
                r.put("steps", steps);
                r.put("bitsPerSequence", m[0]);
                r.put("bitErrorsPerSequence", m[1]);
                results.add(r);
                log.info(String.format(Locale.ROOT, "%s: %.3f bits/sequence, %.3f bit errors/sequence (%d episodes, T = %d)",
                        set.name(), m[0], m[1], config.episodes(), steps));
                DataSet first = batches.get(0);
                try (OutputStream png = out.create("episode-" + set.name() + ".png")) {
                    NtmPictures.writePng(NtmModels.trace(NtmModels.asSameDiff(graph, trained.ntm().withSteps(steps)), first.getFeatures()), first.getFeatures(), first.getLabels(), 0,
                            steps > 100 ? 4 : 8, png);
                }
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", saved.location());
            report.put("seed", config.seed());
            report.put("sets", results);
            out.writeText(METRICS, Json.pretty(report));
            Path committed = out.commit();
            log.info("Generalisation of {} written to {}", saved.location(), committed);
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + config.output() + ": " + e.getMessage(), e);
        }
    }
}
