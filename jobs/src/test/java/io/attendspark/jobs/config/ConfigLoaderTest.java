package io.attendspark.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attendspark.dataprep.variants.MnistVariant;
import io.attendspark.jobs.prep.DatasetKind;
import io.attendspark.jobs.prep.PrepConfig;
import io.attendspark.jobs.train.TrainConfig;
import io.attendspark.models.stn.StnModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void everyPrepConfInTheRepositoryLoads() throws IOException {
        List<Path> confs;
        try (Stream<Path> files = Files.list(Path.of("../conf"))) {
            confs = files.filter(p -> p.getFileName().toString().matches("prep-.*\\.yaml")).sorted().toList();
        }
        assertTrue(confs.size() >= 8, "prep confs found: " + confs);
        for (Path conf : confs) {
            PrepConfig config = load(conf);
            assertTrue(config.output().startsWith("attend-output/prep/"), conf + " -> " + config.output());
        }
    }

    @Test
    void everyTrainConfInTheRepositoryLoadsWithTheModelSizedToItsData() throws IOException {
        List<Path> confs;
        try (Stream<Path> files = Files.list(Path.of("../conf"))) {
            confs = files.filter(p -> p.getFileName().toString().matches("train-.*\\.yaml")).sorted().toList();
        }
        assertEquals(13, confs.size(), "train confs found: " + confs);
        for (Path conf : confs) {
            TrainConfig config = ConfigLoader.load(conf, List.of(), TrainConfig.class, TrainConfig::defaults);
            String file = conf.getFileName().toString();
            if (config.model() == io.attendspark.jobs.train.ModelKind.NTM) {
                var task = config.task().generator();
                assertTrue(file.contains("-ntm-" + config.task().task().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')),
                        file + " trains " + task.name());
                assertEquals(task.inputWidth(), config.ntm().inputWidth(), file);
                assertEquals(task.outputWidth(), config.ntm().outputWidth(), file);
                assertEquals(task.maxLength(), config.ntm().steps(), file);
                assertNull(config.stn(), file);
                continue;
            }
            if (config.model() == io.attendspark.jobs.train.ModelKind.DRAW) {
                assertEquals(config.data().variant().canvas(), config.draw().height(), file);
                assertEquals(!file.contains("noattention"), config.draw().attention(), file);
                assertEquals(file.contains("paper") ? 64 : 10, config.draw().steps(), file);
                assertEquals(io.attendspark.dataprep.variants.MnistVariant.BINARIZED_STOCHASTIC, config.data().variant().variant(), file);
                continue;
            }
            assertEquals(config.data().variant().canvas(), config.stn().height(), conf.toString());
            assertTrue(conf.getFileName().toString().contains(config.stn().architecture() == StnModelConfig.Architecture.CNN
                    ? "-cnn-" : "-stcnn-"), conf.toString());
        }
        TrainConfig tc60 = ConfigLoader.load(Path.of("../conf/train-stcnn-tc60.yaml"), List.of(), TrainConfig.class,
                TrainConfig::defaults);
        assertEquals(60, tc60.stn().width());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(
                Path.of("../conf/train-stcnn-rts.yaml"), List.of("stn.height=28"), TrainConfig.class, TrainConfig::defaults));
        assertTrue(e.getMessage().contains("stn input must match the data: 42x42x1"), e.getMessage());
    }

    @Test
    void ntmSizesFollowTheTaskUnlessSetAgainstIt() {
        TrainConfig six = ConfigLoader.load(Path.of("../conf/train-ntm-copy.yaml"), List.of("task.copy.bits=6",
                "task.copy.maxLength=5"), TrainConfig.class, TrainConfig::defaults);
        assertEquals(7, six.ntm().inputWidth());
        assertEquals(6, six.ntm().outputWidth());
        assertEquals(six.task().generator().maxLength(), six.ntm().steps());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(
                Path.of("../conf/train-ntm-copy.yaml"), List.of("ntm.inputWidth=5"), TrainConfig.class, TrainConfig::defaults));
        assertTrue(e.getMessage().contains("ntm widths must match the task copy: input 9, output 8 but were input 5, output 8"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(
                Path.of("../conf/train-ntm-copy.yaml"), List.of("stn.height=28"), TrainConfig.class, TrainConfig::defaults));
        assertTrue(e.getMessage().contains("unknown key 'stn'"), e.getMessage());
    }

    @Test
    void fileOverridesDefaultsOfItsVariant() throws IOException {
        PrepConfig config = load(yaml("dataset: mnist\nvariant:\n  variant: rts\n  maxScale: 1.1\n"));
        assertEquals(DatasetKind.MNIST, config.dataset());
        assertEquals(MnistVariant.RTS, config.variant().variant());
        assertEquals(42, config.variant().canvas(), "RTS default canvas");
        assertEquals(1.1, config.variant().maxScale());
        assertEquals(0.7, config.variant().minScale());
        assertNull(config.copy());
    }

    @Test
    void setOverridesExistingKeysWithTypedValues() throws IOException {
        PrepConfig config = ConfigLoader.load(yaml("dataset: COPY\n"),
                List.of("copy.maxLength=30", "seed=99", "shuffle=false", "output=hdfs://nn:8020/x"), PrepConfig.class, PrepConfig::defaults);
        assertEquals(30, config.copy().maxLength());
        assertEquals(99L, config.seed());
        assertEquals(false, config.shuffle());
        assertEquals("hdfs://nn:8020/x", config.output());
        assertEquals(1, config.copy().minLength(), "untouched default");
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() throws IOException {
        Path file = yaml("dataset: COPY\ncopy:\n  maxLenght: 5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(file));
        assertTrue(e.getMessage().contains("unknown key 'copy.maxLenght'"), e.getMessage());
        assertTrue(e.getMessage().contains("maxLength"), e.getMessage());
        IllegalArgumentException set = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(null, List.of("sed=3"), PrepConfig.class, PrepConfig::defaults));
        assertTrue(set.getMessage().contains("unknown key 'sed'"), set.getMessage());
    }

    @Test
    void sectionOfAnotherDatasetIsRejected() throws IOException {
        Path file = yaml("dataset: MNIST\ncopy:\n  bits: 4\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(file));
        assertTrue(e.getMessage().contains("unknown key 'copy'"), e.getMessage());
        assertTrue(e.getMessage().contains("variant"), e.getMessage());
    }

    @Test
    void validationMessagesNameTheFileAndField() throws IOException {
        Path file = yaml("dataset: COPY\ncopy:\n  minLength: 5\n  maxLength: 2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("copy.maxLength"), e.getMessage());
        IllegalArgumentException examples = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(null, List.of("dataset=copy", "examples=0"), PrepConfig.class, PrepConfig::defaults));
        assertTrue(examples.getMessage().contains("examples must be > 0 but was 0"), examples.getMessage());
    }

    @Test
    void missingOrBrokenFilesSayWhat() throws IOException {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> load(tmp.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("nope.yaml") && missing.getMessage().contains("no such file"), missing.getMessage());
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class, () -> load(yaml("dataset: [unclosed\n")));
        assertTrue(broken.getMessage().contains("not valid YAML"), broken.getMessage());
        IllegalArgumentException badSet = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(null, List.of("noequals"), PrepConfig.class, PrepConfig::defaults));
        assertTrue(badSet.getMessage().contains("key=value"), badSet.getMessage());
    }

    @Test
    void resolvedConfigRoundTripsThroughYaml() throws IOException {
        PrepConfig config = load(yaml("dataset: PRIORITY_SORT\nprioritySort:\n  inputs: 12\n  outputs: 5\n"));
        Path resolved = Files.writeString(tmp.resolve("resolved.yaml"), ConfigLoader.toYaml(config));
        assertEquals(config, load(resolved));
    }

    @Test
    void jobArgsParseAndRejectUnknownArguments() {
        JobArgs args = JobArgs.parse(new String[] {"--config", "c.yaml", "--set", "a=1", "--preview", "--set", "b=2"}, "usage", "preview");
        assertEquals(Path.of("c.yaml"), args.config());
        assertEquals(List.of("a=1", "b=2"), args.overrides());
        assertTrue(args.has("preview"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobArgs.parse(new String[] {"--bogus"}, "usage-text", "preview"));
        assertTrue(e.getMessage().contains("'--bogus'") && e.getMessage().contains("usage-text"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JobArgs.parse(new String[] {"--set"}, "usage", "preview"));
    }

    private static PrepConfig load(Path file) {
        return ConfigLoader.load(file, List.of(), PrepConfig.class, PrepConfig::defaults);
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "conf", ".yaml"), text);
    }
}
