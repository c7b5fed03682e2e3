package io.resnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.spark.cli.SparkMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resnet4j spark classify} end to end on {@code local[2]}: a folder in, Parquet and the counts out. */
class SparkClassifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void classifiesAFolderWritesParquetAndCountsTheFailure() throws Exception {
        Path images = Files.createDirectories(dir.resolve("photos/nested"));
        TestImages.pngs(images, 3, 4);
        TestImages.corrupt(images);
        Files.writeString(images.resolve("README.txt"), "not an image, and not named like one");
        Path out = dir.resolve("out.parquet");
        StringWriter err = new StringWriter();

        int code = SparkMain.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "classify",
                "--master", "local[2]", "--arch", "resnet18", "--seed", "3", "--backend", "java", "--resize", "72",
                "--crop", "64", "--top", "3", "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.ui.showConsoleProgress=false", dir.resolve("photos").toString(), "--output", out.toString());

        assertEquals(1, code, err.toString()); // one image could not be read
        assertTrue(err.toString().contains("4 images, 1 failure, "), err.toString());
        assertTrue(err.toString().contains("bad.png"), err.toString());
        SparkSession spark = LocalSpark.session("local[1]");
        try {
            List<Row> rows = spark.read().parquet(out.toString()).orderBy("path").collectAsList();
            assertEquals(4, rows.size());
            assertTrue(rows.getFirst().getString(0).endsWith("bad.png"), rows.getFirst().getString(0));
            for (Row row : rows.subList(1, 4)) {
                assertTrue(row.isNullAt(2), row.getString(0) + ": " + row.get(2));
                assertEquals(3, row.getList(1).size(), row.getString(0));
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void aMissingFolderIsOneLineNotAStackTrace() {
        StringWriter err = new StringWriter();
        int code = SparkMain.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "classify",
                "--master", "local[1]", "--arch", "resnet18", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                dir.resolve("no-such-folder").toString(), "--output", dir.resolve("out.parquet").toString());
        assertEquals(SparkMain.EXIT_RUNTIME, code, err.toString());
        assertTrue(err.toString().contains("resnet4j spark: no such folder: "), err.toString());
        assertTrue(err.toString().contains("no-such-folder"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void aBadOptionIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = SparkMain.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "classify",
                "--batch", "0", "in", "--output", "out");
        assertEquals(SparkMain.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().contains("--batch, --top and --partitions must be at least 1"), err.toString());
    }
}
