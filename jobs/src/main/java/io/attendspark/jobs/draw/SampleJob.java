package io.attendspark.jobs.draw;

import io.attendspark.jobs.config.ConfigLoader;
import io.attendspark.jobs.config.JobArgs;
import io.attendspark.jobs.io.AtomicOutput;
import io.attendspark.jobs.io.Json;
import io.attendspark.jobs.io.SavedModel;
import io.attendspark.jobs.spark.SameDiffStdoutFilter;
import io.attendspark.models.draw.DrawCanvases;
import io.attendspark.models.draw.DrawConfig;
import io.attendspark.models.draw.DrawModels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream use of a trained DRAW model: loads it from any Hadoop FS path (a TrainJob output,
 * a store version, or a store's LATEST) and writes {@code count} new digits drawn by the decoder
 * from z ~ N(0, I) — {@code sample-0000.png ...}, a grid {@code samples.png}, the canvas step by
 * step ({@code steps.png}) and {@code samples.json} — {@code _SUCCESS} last. Needs no Spark.
 *
 * <pre>SampleJob --set model=hdfs:///models/draw-mnist/v=3 --set count=100 --set output=hdfs:///samples/run-1</pre>
 */
public final class SampleJob {
    private static final Logger log = LoggerFactory.getLogger(SampleJob.class);
    static final String USAGE = "Usage: SampleJob [--config FILE] --set model=<model dir or model.zip> | --set storeRoot=<uri>"
            + " --set storeName=<name>; --set count=N --set output=<dir> [--set seed=S]";

    private SampleJob() {
    }

    public static void main(String[] args) {
        try {
            Path out = run(args);
            System.out.println("Wrote samples to " + out);
        } catch (IllegalArgumentException e) {
            System.err.println("SampleJob: " + e.getMessage());
            System.exit(2);
        }
    }

    public static Path run(String[] args) {
        JobArgs cli = JobArgs.parse(args, USAGE);
        SampleConfig config = ConfigLoader.load(cli.config(), cli.overrides(), SampleConfig.class, SampleConfig::defaults);
        SameDiffStdoutFilter.install();
        Configuration hadoop = new Configuration();
        SavedModel saved = SavedModel.open(config.model(), config.storeRoot(), config.storeName(), hadoop);
        ComputationGraph graph = saved.graph();
        String source = saved.location();
        DrawConfig draw;
        try {
            draw = DrawModels.config(graph);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Model " + source + " is not a DRAW model: " + e.getMessage(), e);
        }
        log.info("Drawing {} samples with {} (T = {}, attention {})", config.count(), source, draw.steps(), draw.attention());
        DrawCanvases canvases = DrawModels.generate(graph, draw, config.count(), config.seed());
        INDArray last = canvases.last();   // [n, H, W]
        try (AtomicOutput out = AtomicOutput.begin(config.output(), hadoop, config.overwrite(), "sample-" + System.nanoTime())) {
            for (int i = 0; i < config.count(); i++) {
                try (OutputStream png = out.create(String.format("sample-%04d.png", i))) {
                    DrawPictures.writePng(DrawPictures.grid(last.get(NDArrayIndex.interval(i, i + 1)), 1, 1), png);
                }
            }
            try (OutputStream png = out.create(DrawArtifacts.SAMPLES)) {
                DrawPictures.writePng(DrawPictures.grid(last, (int) Math.ceil(Math.sqrt(config.count())), 2), png);
            }
            try (OutputStream png = out.create(DrawArtifacts.STEPS)) {
                DrawPictures.writePng(DrawPictures.steps(canvases, draw.writeN(), 16, 4), png);
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("model", source);
            meta.put("parameters", graph.numParams());
            meta.put("count", config.count());
            meta.put("seed", config.seed());
            meta.put("steps", draw.steps());
            out.writeText("samples.json", Json.pretty(meta));
            return out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write samples to " + config.output() + ": " + e.getMessage(), e);
        }
    }
}
