package io.attendspark.jobs.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Spark settings for a {@code local-cluster[E,1,MB]} master (real executor JVMs on this machine)
 * from a JVM started with a plain classpath (tests, benchmarks): executors take their classpath
 * from {@code $SPARK_HOME/jars}, which this fills with links to this JVM's classpath jars; its
 * class directories go on {@code spark.executor.extraClassPath}. Needs the environment variables
 * {@code SPARK_HOME}, {@code SPARK_SCALA_VERSION=2.12} and {@code SPARK_LOCAL_IP=127.0.0.1}.
 */
public final class LocalClusterConf {
    private LocalClusterConf() {
    }

    /** @param jvmOptions the file with the JDK flags (conf/jvm.options); the log config beside it is used too */
    public static SparkConf create(String appName, int executors, int memoryMb, Path jvmOptions) throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("SPARK_HOME must point at a folder whose jars/ this can fill (e.g. target/spark-home)"
                    + " but is not set");
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
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, p);
                }
            }
        }
        String flags = String.join(" ", Files.readAllLines(jvmOptions).stream().map(String::trim).filter(l -> !l.isEmpty())
                .toList());
        Path log4j = jvmOptions.toAbsolutePath().getParent().resolve("log4j2.properties");
        return new SparkConf().setAppName(appName)
                .setMaster("local-cluster[" + executors + ",1," + memoryMb + "]")
                // the worker's memory is not the executor's: without this the executors get Spark's default
                // 1 GB heap (and JavaCPP's off-heap limit, which defaults to the heap's, with it)
                .set("spark.executor.memory", memoryMb + "m")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", KryoRegistrator.class.getName())
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs))
                .set("spark.executor.extraJavaOptions", flags + " -Dlog4j.configurationFile=" + log4j)
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
    }
}
