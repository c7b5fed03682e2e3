package io.resnet4j.spark;

import org.apache.spark.sql.SparkSession;

/** A SparkSession for tests: quiet, no web UI, everything on 127.0.0.1. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession session(String master) {
        return SparkSession.builder().master(master).appName("resnet4j-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "3")
                .getOrCreate();
    }
}
