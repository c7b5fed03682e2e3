package io.resnet4j.spark;

import io.resnet4j.nn.Architectures;
import io.resnet4j.vision.ImageNetTransform;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that classifies images with a ResNet: resnet4j's {@link io.resnet4j.vision.Classifier}
 * (PIL's decoding, torchvision's evaluation transform, the model, softmax, top-k) run inside each partition.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").load("hdfs:///photos");
 * Dataset<Row> classified = new ResNetClassifier()
 *         .setArch("resnet50").setWeights("hdfs:///models/resnet50-0676ba61.pth")
 *         .transform(images);       // + predictions: array<struct<index, label, probability>>, + error: string
 * }</pre>
 *
 * <p><b>Input.</b> {@link #inputCol()} is either a binary column of encoded images ({@code format("binaryFile")}'s
 * {@code content}, the default) or Spark's image struct ({@code format("image")}'s {@code image}). From bytes the
 * result equals {@code Classifier}'s for the same file, bit for bit; Spark's image source decodes with Java's
 * ImageIO instead of PIL's rules, so JPEG results may differ slightly from {@code resnet4j classify}'s.
 *
 * <p><b>Output.</b> The input's columns, then {@link #outputCol()} (the top-k classes, most probable first) and
 * {@link #errorCol()}: {@code null} for a classified image; for an image that could not be decoded a one-line message
 * naming it, with {@code null} predictions. One bad image never fails the job.
 *
 * <p><b>Executors.</b> Each partition is classified in batches of {@link #batchSize()}. The model is compiled once per
 * executor JVM, by its first task, and shared by all its task threads ({@link ExecutorModels}); the weights — any
 * Hadoop-readable path — are read once per executor JVM too. Partitions with no rows build nothing.
 *
 * <p><b>Persistence.</b> {@code write().save(path)} / {@link #load(String)} keep the parameters (not the weights,
 * which stay where {@link #weights()} points), so a configured pipeline can be saved and reloaded.
 */
public final class ResNetClassifier extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    /** The column of images: binary (encoded bytes) or Spark's image struct. Default {@code content}. */
    private final Param<String> inputCol;
    /** The column of top-k predictions to add. Default {@code predictions}. */
    private final Param<String> outputCol;
    /** The column of error messages to add. Default {@code error}. */
    private final Param<String> errorCol;
    /** The architecture id, as the CLI's {@code --arch}. Default {@code resnet50}. */
    private final Param<String> arch;
    /** A Hadoop path to a {@code .pth} or safetensors checkpoint; empty: the seeded random init. Default empty. */
    private final Param<String> weights;
    /** The seed of the random initialisation, used without {@link #weights()}. Default 0. */
    private final LongParam seed;
    /** A backend name ({@code java} …); empty: the highest-ranked one on each executor. Default empty. */
    private final Param<String> backend;
    /** Images per forward pass. Default 8. */
    private final IntParam batchSize;
    /** Classes per image. Default 5. */
    private final IntParam topK;
    /** torchvision's {@code Resize(N)}. Default 256. */
    private final IntParam resize;
    /** torchvision's {@code CenterCrop(N)}. Default 224. */
    private final IntParam crop;
    /** Normalize's mean, R G B. Default ImageNet's. */
    private final DoubleArrayParam mean;
    /** Normalize's std, R G B. Default ImageNet's. */
    private final DoubleArrayParam std;
    /** Whether to turn images upright by their EXIF orientation (torchvision does not). Default false. */
    private final BooleanParam exifRotate;

    public ResNetClassifier() {
        this(Identifiable.randomUID("resnetClassifier"));
    }

    /** For {@link DefaultParamsReader}, which calls this constructor reflectively with the saved uid. */
    public ResNetClassifier(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "column of images: binary (encoded) or Spark's image struct");
        outputCol = new Param<>(this, "outputCol", "column of top-k predictions to add");
        errorCol = new Param<>(this, "errorCol", "column of error messages to add (null when classified)");
        arch = new Param<>(this, "arch", "architecture id (resnet18 ... wide_resnet50_2)");
        weights = new Param<>(this, "weights", "Hadoop path of the weights (.pth or safetensors); empty: seeded random init");
        seed = new LongParam(this, "seed", "seed of the random initialisation without weights");
        backend = new Param<>(this, "backend", "backend name; empty: the highest-ranked available one");
        batchSize = new IntParam(this, "batchSize", "images per forward pass (>= 1)", ParamValidators.gtEq(1));
        topK = new IntParam(this, "topK", "classes per image (>= 1)", ParamValidators.gtEq(1));
        resize = new IntParam(this, "resize", "resize the short side to N, as transforms.Resize(N)", ParamValidators.gtEq(1));
        crop = new IntParam(this, "crop", "centre crop N x N, as transforms.CenterCrop(N)", ParamValidators.gtEq(1));
        mean = new DoubleArrayParam(this, "mean", "Normalize's mean, R G B (three values)");
        std = new DoubleArrayParam(this, "std", "Normalize's std, R G B (three values)");
        exifRotate = new BooleanParam(this, "exifRotate", "turn images upright by their EXIF orientation");
        ImageNetTransform imagenet = ImageNetTransform.IMAGENET;
        setDefault(inputCol, "content");
        setDefault(outputCol, "predictions");
        setDefault(errorCol, "error");
        setDefault(arch, "resnet50");
        setDefault(weights, "");
        setDefault(seed, 0L);
        setDefault(backend, "");
        setDefault(batchSize, 8);
        setDefault(topK, 5);
        setDefault(resize, imagenet.resize());
        setDefault(crop, imagenet.crop());
        setDefault(mean, toDoubles(imagenet.mean()));
        setDefault(std, toDoubles(imagenet.std()));
        setDefault(exifRotate, false);
    }

    public static MLReader<ResNetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static ResNetClassifier load(String path) {
        return read().load(path);
    }

    @Override
    public String uid() {
        return uid;
    }

    // The params, as methods: Spark finds a stage's params by reflection over its public no-argument methods.

    public Param<String> inputCol() { return inputCol; }
    public Param<String> outputCol() { return outputCol; }
    public Param<String> errorCol() { return errorCol; }
    public Param<String> arch() { return arch; }
    public Param<String> weights() { return weights; }
    public LongParam seed() { return seed; }
    public Param<String> backend() { return backend; }
    public IntParam batchSize() { return batchSize; }
    public IntParam topK() { return topK; }
    public IntParam resize() { return resize; }
    public IntParam crop() { return crop; }
    public DoubleArrayParam mean() { return mean; }
    public DoubleArrayParam std() { return std; }
    public BooleanParam exifRotate() { return exifRotate; }

    // Setters return this, typed, for chaining from Java; getters read the value or its default.

    public ResNetClassifier setInputCol(String value) { return with(inputCol, value); }
    public ResNetClassifier setOutputCol(String value) { return with(outputCol, value); }
    public ResNetClassifier setErrorCol(String value) { return with(errorCol, value); }
    public ResNetClassifier setArch(String value) { return with(arch, value); }
    public ResNetClassifier setWeights(String value) { return with(weights, value); }
    public ResNetClassifier setSeed(long value) { return with(seed, value); }
    public ResNetClassifier setBackend(String value) { return with(backend, value); }
    public ResNetClassifier setBatchSize(int value) { return with(batchSize, value); }
    public ResNetClassifier setTopK(int value) { return with(topK, value); }
    public ResNetClassifier setResize(int value) { return with(resize, value); }
    public ResNetClassifier setCrop(int value) { return with(crop, value); }
    public ResNetClassifier setMean(double[] value) { return with(mean, value.clone()); }
    public ResNetClassifier setStd(double[] value) { return with(std, value.clone()); }
    public ResNetClassifier setExifRotate(boolean value) { return with(exifRotate, value); }

    public String getInputCol() { return $(inputCol); }
    public String getOutputCol() { return $(outputCol); }
    public String getErrorCol() { return $(errorCol); }
    public String getArch() { return $(arch); }
    public String getWeights() { return $(weights); }
    public long getSeed() { return (Long) $(seed); }
    public String getBackend() { return $(backend); }
    public int getBatchSize() { return (Integer) $(batchSize); }
    public int getTopK() { return (Integer) $(topK); }
    public int getResize() { return (Integer) $(resize); }
    public int getCrop() { return (Integer) $(crop); }
    public double[] getMean() { return $(mean).clone(); }
    public double[] getStd() { return $(std).clone(); }
    public boolean getExifRotate() { return (Boolean) $(exifRotate); }

    private <T> ResNetClassifier with(Param<T> param, T value) {
        set(param, value);
        return this;
    }

    /** The element type of {@link #outputCol()}: one predicted class. */
    public static final StructType PREDICTION = new StructType(new StructField[] {
            DataTypes.createStructField("index", DataTypes.IntegerType, false),
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("probability", DataTypes.FloatType, false)});

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getInputCol();
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("input column '" + in + "' does not exist; the columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        DataType type = schema.apply(in).dataType();
        if (!(type instanceof BinaryType) && !PartitionClassifier.isImageStruct(type)) {
            throw new IllegalArgumentException("input column '" + in + "' must be binary (format(\"binaryFile\")'s content)"
                    + " or Spark's image struct (format(\"image\")'s image), got " + type.simpleString());
        }
        for (String out : new String[] {getOutputCol(), getErrorCol()}) {
            if (Arrays.asList(schema.fieldNames()).contains(out)) {
                throw new IllegalArgumentException("output column '" + out + "' already exists");
            }
        }
        if (getOutputCol().equals(getErrorCol())) {
            throw new IllegalArgumentException("outputCol and errorCol must differ, both are '" + getOutputCol() + "'");
        }
        return schema
                .add(DataTypes.createStructField(getOutputCol(), new ArrayType(PREDICTION, false), true))
                .add(DataTypes.createStructField(getErrorCol(), DataTypes.StringType, true));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        Dataset<Row> df = dataset.toDF();
        Configuration hadoop = df.sparkSession().sparkContext().hadoopConfiguration();
        ModelSpec spec = modelSpec(df.sparkSession(), hadoop);
        PartitionClassifier classify = new PartitionClassifier(spec, serialise(hadoop), df.schema(), getInputCol());
        return df.mapPartitions(classify, Encoders.row(out));
    }

    /** Checks what can be checked on the driver (the architecture, the weights' existence) and fixes the paths. */
    private ModelSpec modelSpec(SparkSession session, Configuration hadoop) {
        Architectures.find(getArch()); // an unknown architecture fails here, not in every task
        String w = getWeights().isEmpty() ? null : qualify(getWeights(), hadoop);
        return new ModelSpec(getArch(), w, getSeed(), getBackend().isEmpty() ? null : getBackend(), getResize(),
                getCrop(), toFloats(getMean(), "mean"), toFloats(getStd(), "std"), getExifRotate(), getTopK(),
                getBatchSize());
    }

    /** The weights' path made absolute (scheme and authority included), so executors read the driver's file. */
    private static String qualify(String weights, Configuration hadoop) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(weights);
            FileSystem fs = p.getFileSystem(hadoop);
            org.apache.hadoop.fs.Path q = fs.makeQualified(p);
            if (!fs.isFile(q)) {
                throw new IllegalArgumentException("weights '" + weights + "': no such file (" + q + ")");
            }
            return q.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("weights '" + weights + "': " + e.getMessage(), e);
        }
    }

    private static byte[] serialise(Configuration conf) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            conf.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static float[] toFloats(double[] v, String name) {
        if (v.length != 3) {
            throw new IllegalArgumentException(name + " needs three values (R, G, B), got " + v.length);
        }
        float[] f = new float[3];
        for (int i = 0; i < 3; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Override
    public ResNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public String toString() {
        return "ResNetClassifier: uid=" + uid; // as Spark's stages: Params.shouldOwn prints it, so it must not read params
    }
}
