package io.attendspark.jobs.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Starts the job's Spark context: settings from spark-submit win; the config's master is the fallback. */
public final class SparkContexts {
    private SparkContexts() {
    }

    public static JavaSparkContext start(String appName, String defaultMaster) {
        SameDiffStdoutFilter.install();
        SparkConf conf = new SparkConf().setAppName(appName);
        conf.setIfMissing("spark.master", defaultMaster);
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", KryoRegistrator.class.getName());
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return new JavaSparkContext(conf);
    }
}
