package io.resnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.nn.Architectures;
import io.resnet4j.vision.Classification;
import io.resnet4j.vision.Classifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone cluster of a master and two workers, each a JVM on 127.0.0.1; the job goes to spark://127.0.0.1:PORT.
 * Mid-job one worker dies with its executor; Spark reschedules its tasks on the other, and the Parquet output still
 * holds every image exactly once, classified as the single-machine Classifier classifies it.
 */
class StandaloneClusterTest {
    private static final int IMAGES = 24;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a stuck job must not hang CI; closing the cluster stops everything
    void aWorkerKilledMidJobLosesNoImageAndDuplicatesNone() throws Exception {
        Path images = java.nio.file.Files.createDirectories(dir.resolve("images"));
        List<Path> files = TestImages.pngs(images, IMAGES, 21);
        Path weights = TestImages.resnet18Weights(dir.resolve("r18.safetensors"), 6);
        Map<String, Classification> expected = new HashMap<>();
        try (Classifier classifier = Classifier.builder().architecture(Architectures.find("resnet18")).weights(weights)
                .backend("java").transform(TestImages.SMALL).topK(3).build()) {
            for (Path f : files) {
                expected.put(f.getFileName().toString(), classifier.classify(f));
            }
        }

        try (StandaloneCluster cluster = new StandaloneCluster(dir, 2, 1, "1g")) {
            cluster.awaitWorkers(2, Duration.ofMinutes(2));
            SparkSession spark = SparkSession.builder().master(cluster.masterUrl()).appName("resnet4j-cluster-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.executor.memory", "640m")
                    .config("spark.executor.extraClassPath", StandaloneCluster.executorClassPath())
                    // Spark adds the add-opens it needs to executors' command lines itself.
                    .config("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector -Djava.awt.headless=true")
                    // Notice a dead executor within seconds, not the default two minutes.
                    .config("spark.executor.heartbeatInterval", "2s")
                    .config("spark.network.timeout", "20s")
                    .config("spark.network.timeoutInterval", "5s")
                    // One file per partition: many small tasks, so the kill lands in the middle of the job.
                    .config("spark.sql.files.maxPartitionBytes", "1")
                    .config("spark.task.maxFailures", "4")
                    .getOrCreate();
            try {
                awaitExecutors(spark, 2, Duration.ofMinutes(2));
                AtomicInteger succeeded = new AtomicInteger();
                AtomicInteger failedTasks = new AtomicInteger();
                AtomicBoolean killed = new AtomicBoolean();
                AtomicInteger removed = new AtomicInteger();
                spark.sparkContext().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd end) {
                        if (!end.taskInfo().successful()) {
                            failedTasks.incrementAndGet();
                        } else if (succeeded.incrementAndGet() == 4 && killed.compareAndSet(false, true)) {
                            cluster.killWorker(0);
                        }
                    }

                    @Override
                    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                        removed.incrementAndGet();
                    }
                });

                Dataset<Row> input = spark.read().format("binaryFile").load(images.toString());
                assertEquals(IMAGES, input.rdd().getNumPartitions());
                String out = dir.resolve("out.parquet").toString();
                new ResNetClassifier().setArch("resnet18").setWeights(weights.toString()).setBackend("java")
                        .setResize(72).setCrop(64).setTopK(3).setBatchSize(2)
                        .transform(input).select("path", "predictions", "error").write().parquet(out);

                spark.conf().unset("spark.sql.files.maxPartitionBytes"); // reading the output back needs no tiny splits
                assertTrue(killed.get(), "the job ended before a worker could be killed");
                assertTrue(removed.get() >= 1, "Spark never noticed the lost executor");
                List<Row> rows = spark.read().parquet(out).collectAsList();
                assertEquals(IMAGES, rows.size(), "rows in the output");
                Set<String> seen = new HashSet<>();
                for (Row row : rows) {
                    String name = Path.of(java.net.URI.create(row.getString(0))).getFileName().toString();
                    assertTrue(seen.add(name), name + " is in the output twice");
                    assertNull(row.get(2), name);
                    ResNetClassifierTest.assertPredictions(expected.get(name), row.getList(1), name);
                }
                assertEquals(expected.keySet(), seen);
            } finally {
                spark.stop();
            }
        }
    }

    private static void awaitExecutors(SparkSession spark, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < n + 1) { // + the driver
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fewer than " + n + " executors registered in " + timeout);
            }
            Thread.sleep(250);
        }
    }
}
