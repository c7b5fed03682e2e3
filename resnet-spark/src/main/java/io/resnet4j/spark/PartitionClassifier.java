package io.resnet4j.spark;

import io.resnet4j.ResNet4jException;
import io.resnet4j.vision.Classification;
import io.resnet4j.vision.Classifier;
import io.resnet4j.vision.Prediction;
import io.resnet4j.vision.RgbImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Classifies one partition, lazily, {@code batchSize} rows at a time: each output row is its input row followed by
 * the predictions and the error. Runs on the executors; the classifier comes from {@link ExecutorModels}, fetched
 * when the first row arrives (so an empty partition compiles nothing).
 */
final class PartitionClassifier implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final byte[] hadoopConf;
    private final int input;
    private final boolean imageStruct;
    /** The binaryFile source's {@code path} column, to name images in errors; -1 when there is none. */
    private final int pathColumn;

    PartitionClassifier(ModelSpec spec, byte[] hadoopConf, StructType schema, String inputCol) {
        this.spec = spec;
        this.hadoopConf = hadoopConf;
        this.input = schema.fieldIndex(inputCol);
        this.imageStruct = isImageStruct(schema.fields()[input].dataType());
        int path = Arrays.asList(schema.fieldNames()).indexOf("path");
        this.pathColumn = path >= 0 && schema.fields()[path].dataType() instanceof StringType ? path : -1;
    }

    /** Whether {@code type} is Spark's image struct (ImageSchema's columnSchema), as far as reading it needs. */
    static boolean isImageStruct(DataType type) {
        if (!(type instanceof StructType s)) {
            return false;
        }
        List<String> names = Arrays.asList(s.fieldNames());
        return names.containsAll(List.of("origin", "height", "width", "nChannels", "data"))
                && s.apply("data").dataType() instanceof BinaryType;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private Classifier classifier;
            private Iterator<Row> batch = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && rows.hasNext()) {
                    if (classifier == null) {
                        classifier = ExecutorModels.get(spec, hadoopConf);
                    }
                    batch = classifyBatch(classifier, rows).iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    /** Takes up to {@code batchSize} rows and returns them classified, in order. */
    private List<Row> classifyBatch(Classifier classifier, Iterator<Row> rows) {
        List<Row> in = new ArrayList<>(spec.batchSize());
        while (in.size() < spec.batchSize() && rows.hasNext()) {
            in.add(rows.next());
        }
        Classification[] results = new Classification[in.size()];
        String[] errors = new String[in.size()];
        List<Integer> good = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        List<RgbImage> decoded = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            Row row = in.get(i);
            String name = name(row, i);
            try {
                if (row.isNullAt(input)) {
                    throw new ResNet4jException(name + ": no image (the input column is null)");
                }
                if (imageStruct) {
                    decoded.add(SparkImages.toRgb(row.getStruct(input), name));
                } else {
                    encoded.add((byte[]) row.get(input));
                }
                good.add(i);
                names.add(name);
            } catch (ResNet4jException e) {
                errors[i] = e.getMessage();
            }
        }
        int[] next = {0};
        if (imageStruct) {
            classifier.classifyAllDecoded(decoded, names, c -> results[good.get(next[0]++)] = c);
        } else {
            classifier.classifyAllEncoded(encoded, names, c -> results[good.get(next[0]++)] = c);
        }
        List<Row> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            String error = errors[i] != null ? errors[i] : results[i].error();
            out.add(append(in.get(i), error == null ? predictions(results[i]) : null, error));
        }
        return out;
    }

    private String name(Row row, int indexInBatch) {
        if (pathColumn >= 0 && !row.isNullAt(pathColumn)) {
            return row.getString(pathColumn);
        }
        if (imageStruct && !row.isNullAt(input)) {
            Row image = row.getStruct(input);
            int origin = image.fieldIndex("origin");
            if (!image.isNullAt(origin) && !image.getString(origin).isEmpty()) {
                return image.getString(origin);
            }
        }
        return "image " + indexInBatch + " of a batch";
    }

    /** The top-k as a Scala sequence of structs: the external type of an array column in a {@link Row}. */
    private static Seq<Row> predictions(Classification c) {
        List<Row> top = new ArrayList<>(c.top().size());
        for (Prediction p : c.top()) {
            top.add(RowFactory.create(p.index(), p.label(), p.probability()));
        }
        return CollectionConverters.asScala(top).toSeq();
    }

    private static Row append(Row row, Object predictions, String error) {
        Object[] values = new Object[row.length() + 2];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        values[row.length()] = predictions;
        values[row.length() + 1] = error;
        return RowFactory.create(values);
    }
}
