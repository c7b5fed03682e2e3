package io.resnet4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.nn.Architectures;
import io.resnet4j.vision.Classification;
import io.resnet4j.vision.Classifier;
import io.resnet4j.vision.Prediction;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transformer on a real Spark, {@code local[2]}: two task threads sharing one JVM's model. */
class ResNetClassifierTest {
    private static final int IMAGES = 7;

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path images;
    private static Path weights;
    /** What the single-machine Classifier says of each image, by file name. */
    private static Map<String, Classification> expected;

    @BeforeAll
    static void start() throws Exception {
        images = java.nio.file.Files.createDirectory(dir.resolve("images"));
        List<Path> files = TestImages.pngs(images, IMAGES, 11);
        TestImages.corrupt(images);
        weights = TestImages.resnet18Weights(dir.resolve("r18.safetensors"), 5);
        expected = new HashMap<>();
        try (Classifier classifier = Classifier.builder().architecture(Architectures.find("resnet18")).weights(weights)
                .backend("java").transform(TestImages.SMALL).topK(5).build()) {
            for (Path f : files) {
                expected.put(f.getFileName().toString(), classifier.classify(f));
            }
        }
        spark = LocalSpark.session("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        ExecutorModels.closeAll();
    }

    private static ResNetClassifier classifier() {
        return new ResNetClassifier().setArch("resnet18").setWeights(weights.toString()).setBackend("java")
                .setResize(72).setCrop(64).setTopK(5).setBatchSize(3);
    }

    @Test
    void binaryFilesGetTheClassifiersPredictionsBitForBitAndTheBadImageAnError() {
        ExecutorModels.closeAll();
        int builds = ExecutorModels.builds();
        Dataset<Row> files = spark.read().format("binaryFile").load(images.toString()).repartition(3);
        List<Row> rows = classifier().transform(files).select("path", "predictions", "error").collectAsList();

        assertEquals(IMAGES + 1, rows.size());
        for (Row row : rows) {
            String name = Path.of(java.net.URI.create(row.getString(0))).getFileName().toString();
            if (name.equals("bad.png")) {
                assertTrue(row.isNullAt(1), "the bad image has no predictions");
                assertTrue(row.getString(2).contains("bad.png"), row.getString(2));
            } else {
                assertNull(row.get(2), name);
                assertPredictions(expected.get(name), row.getList(1), name);
            }
        }
        assertEquals(1, ExecutorModels.builds() - builds, "one model (and one weights read) for the whole job");
    }

    @Test
    void sparksImageRowsGetTheSamePredictionsAndAnInvalidRowAnError() {
        Dataset<Row> decoded = spark.read().format("image").option("dropInvalid", false).load(images.toString());
        List<Row> rows = classifier().setInputCol("image").transform(decoded)
                .select("image.origin", "predictions", "error").collectAsList();

        assertEquals(IMAGES + 1, rows.size());
        for (Row row : rows) {
            String name = Path.of(java.net.URI.create(row.getString(0))).getFileName().toString();
            if (name.equals("bad.png")) {
                assertTrue(row.isNullAt(1), "the bad image has no predictions");
                assertTrue(row.getString(2).contains("could not decode"), row.getString(2));
            } else {
                assertNull(row.get(2), name);
                assertPredictions(expected.get(name), row.getList(1), name);
            }
        }
    }

    @Test
    void anEmptyInputGivesAnEmptyOutputAndBuildsNoModel() {
        StructType schema = new StructType().add("path", DataTypes.StringType).add("content", DataTypes.BinaryType);
        int builds = ExecutorModels.builds();
        Dataset<Row> out = classifier().setWeights("").transform(spark.createDataFrame(List.of(), schema));

        assertEquals(List.of("path", "content", "predictions", "error"), List.of(out.columns()));
        assertEquals(0, out.count());
        assertEquals(builds, ExecutorModels.builds());
    }

    @Test
    void aWrongInputColumnFailsBeforeAnyTaskRuns() {
        StructType text = new StructType().add("content", DataTypes.StringType);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier().transformSchema(text));
        assertTrue(e.getMessage().contains("'content' must be binary"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> classifier().setInputCol("pixels").transformSchema(text));
        assertTrue(e.getMessage().contains("'pixels' does not exist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> classifier().setWeights(dir.resolve("nothing.pth").toString())
                .transform(spark.createDataFrame(List.of(), new StructType().add("content", DataTypes.BinaryType))));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void savedAndLoadedItKeepsEveryParameter() throws Exception {
        ResNetClassifier saved = classifier().setInputCol("image").setOutputCol("top").setErrorCol("why").setSeed(9)
                .setMean(new double[] {0.5, 0.5, 0.5}).setStd(new double[] {0.25, 0.25, 0.25}).setExifRotate(true);
        String path = dir.resolve("saved-classifier").toString();
        saved.write().overwrite().save(path);
        ResNetClassifier loaded = ResNetClassifier.load(path);

        assertEquals(saved.uid(), loaded.uid());
        assertEquals(saved.params().length, loaded.params().length);
        assertEquals(List.of("image", "top", "why", "resnet18", weights.toString(), "java"), List.of(loaded.getInputCol(),
                loaded.getOutputCol(), loaded.getErrorCol(), loaded.getArch(), loaded.getWeights(), loaded.getBackend()));
        assertEquals(List.of(9L, 3L, 5L, 72L, 64L), List.of(loaded.getSeed(), (long) loaded.getBatchSize(),
                (long) loaded.getTopK(), (long) loaded.getResize(), (long) loaded.getCrop()));
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, loaded.getMean());
        assertArrayEquals(new double[] {0.25, 0.25, 0.25}, loaded.getStd());
        assertTrue(loaded.getExifRotate());
    }

    /** Same classes, same labels, same float bits, same order. */
    static void assertPredictions(Classification expected, List<Row> actual, String name) {
        assertNotNull(expected, name);
        assertNotNull(actual, name + ": no predictions");
        assertEquals(expected.top().size(), actual.size(), name);
        for (int k = 0; k < actual.size(); k++) {
            Prediction p = expected.top().get(k);
            Row r = actual.get(k);
            assertEquals(p.index(), r.getInt(0), name + " class " + k);
            assertEquals(p.label(), r.getString(1), name + " class " + k);
            assertEquals(Float.floatToRawIntBits(p.probability()), Float.floatToRawIntBits(r.getFloat(2)),
                    name + " class " + k + ": " + p.probability() + " vs " + r.getFloat(2));
        }
    }
}
