package io.attendspark.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Spark settings for {@code local-cluster[...]} masters (separate executor JVMs) from inside a test
 * JVM: executors take their classpath from {@code $SPARK_HOME/jars} (set by failsafe), which this
 * fills with links to the test classpath's jars; the module's class directories go on
 * {@code spark.executor.extraClassPath}.
 */
final class LocalClusterSupport {
    private LocalClusterSupport() {
    }

    static SparkConf conf(String appName, int executors, int memoryMb) throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("SPARK_HOME must be set (failsafe sets it to target/spark-home) but was not");
        }
        Path jars = Path.of(home, "jars");
        Files.createDirectories(jars);
        List<String> dirs = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                dirs.add(p.toString());
            } else if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, p);
                }
            }
        }
        String jvmFlags = String.join(" ", Files.readAllLines(Path.of("../conf/jvm.options")).stream()
                .map(String::trim).filter(l -> !l.isEmpty()).toList());
        return new SparkConf().setAppName(appName)
                .setMaster("local-cluster[" + executors + ",1," + memoryMb + "]")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", io.attendspark.jobs.spark.KryoRegistrator.class.getName())
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs))
                .set("spark.executor.extraJavaOptions", jvmFlags + " -Dlog4j.configurationFile="
                        + Path.of("../conf/log4j2.properties").toAbsolutePath())
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
    }
}
