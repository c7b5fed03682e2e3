package io.resnet4j.spark.cli;

import io.resnet4j.spark.ResNetClassifier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Classify every image under folders (any Hadoop path, searched recursively) on a Spark cluster and write the"
                + " results as Parquet: path, predictions (top-k index, label, probability) and error, one row per image.",
        "Example: resnet4j spark classify --master local[2] --arch resnet50 --weights resnet50-0676ba61.pth photos/ "
                + "--output out.parquet",
        "Images that cannot be decoded get an error, not a failed job; the exit code is then 1."})
final class SparkClassifyCommand implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master: local[N], local[*], spark://host:7077, yarn ... (default: ${DEFAULT-VALUE});"
                    + " under spark-submit its --master wins.")
    String master;

    @Option(names = "--arch", paramLabel = "ID", defaultValue = "resnet50", description = "Architecture (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = {"-w", "--weights"}, paramLabel = "PATH",
            description = "A .pth or .safetensors file, any Hadoop path; read once per executor. Without it the"
                    + " weights are random (seeded) and the classes meaningless.")
    String weights;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random initialisation without --weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend on the executors (default: the highest-ranked one).")
    String backend;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Classes per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--resize", paramLabel = "N", defaultValue = "256", description = "transforms.Resize(N) (default: ${DEFAULT-VALUE}).")
    int resize;

    @Option(names = "--crop", paramLabel = "N", defaultValue = "224", description = "transforms.CenterCrop(N) (default: ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--mean", paramLabel = "R,G,B", defaultValue = "0.485,0.456,0.406", description = "Normalize mean (default: ${DEFAULT-VALUE}).")
    String mean;

    @Option(names = "--std", paramLabel = "R,G,B", defaultValue = "0.229,0.224,0.225", description = "Normalize std (default: ${DEFAULT-VALUE}).")
    String std;

    @Option(names = "--exif-rotate", negatable = false, description = "Turn images upright by their EXIF orientation.")
    boolean exifRotate;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Spread the images over N partitions first (default: as Spark splits the files).")
    Integer partitions;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, as spark-submit's --conf; repeatable.")
    Map<String, String> conf = Map.of();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "Parquet output (a Hadoop path).")
    String output;

    @Option(names = "--overwrite", negatable = false, description = "Replace the output if it exists.")
    boolean overwrite;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders (or files) of images, any Hadoop path.")
    List<String> inputs;

    @Spec
    CommandSpec spec;

    /** The extensions {@code resnet4j classify} takes from a folder, as a Hadoop glob, in both cases. */
    static final String IMAGE_GLOB = "*.{png,PNG,jpg,JPG,jpeg,JPEG,jpe,JPE,jfif,JFIF,bmp,BMP,gif,GIF,tif,TIF,tiff,TIFF}";

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (batch < 1 || top < 1 || (partitions != null && partitions < 1)) {
            throw new IllegalArgumentException("--batch, --top and --partitions must be at least 1");
        }
        ResNetClassifier classifier = new ResNetClassifier().setArch(arch).setSeed(seed).setBatchSize(batch).setTopK(top)
                .setResize(resize).setCrop(crop).setMean(triple("--mean", mean)).setStd(triple("--std", std))
                .setExifRotate(exifRotate);
        if (weights != null) {
            classifier.setWeights(weights);
        } else {
            err.println("resnet4j spark: warning: no --weights, so " + arch
                    + " has random (seeded) weights and its classes are meaningless");
        }
        if (backend != null) {
            classifier.setBackend(backend);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("resnet4j classify")
                .config("spark.ui.showConsoleProgress", "true");
        if (!System.getProperties().containsKey("spark.master")) { // spark-submit sets it: its --master wins
            builder.master(master);
        }
        conf.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        try {
            for (String input : inputs) {
                // Checked first: Spark would log a stack trace (FileStreamSink) before its own error.
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input);
                boolean exists;
                try {
                    exists = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
                } catch (java.io.IOException e) {
                    throw new io.resnet4j.ResNet4jException("cannot read " + input + ": " + e.getMessage(), e);
                }
                if (!exists) {
                    throw new io.resnet4j.ResNet4jException("no such folder: " + input);
                }
            }
            Dataset<Row> files;
            try {
                files = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                        .option("pathGlobFilter", IMAGE_GLOB).load(inputs.toArray(String[]::new));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // Spark's AnalysisException (checked, undeclared by Scala), e.g. a folder that is not there
                // (PATH_NOT_FOUND): the user's to fix, said in one line, no stack trace.
                throw new io.resnet4j.ResNet4jException(e.getMessage());
            }
            if (partitions != null) {
                files = files.repartition(partitions);
            }
            long start = System.nanoTime();
            classifier.transform(files).select("path", "predictions", "error")
                    .write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(output);
            double seconds = (System.nanoTime() - start) / 1e9;
            Dataset<Row> written = spark.read().parquet(output);
            long images = written.count();
            List<Row> failures = written.filter(functions.col("error").isNotNull()).select("error").collectAsList();
            for (Row f : failures.subList(0, Math.min(10, failures.size()))) {
                err.println("resnet4j spark: " + f.getString(0));
            }
            if (failures.size() > 10) {
                err.println("resnet4j spark: ... and " + (failures.size() - 10) + " more (the error column of " + output + ")");
            }
            err.printf(Locale.ROOT, "resnet4j spark: %d image%s, %d failure%s, %.2f s, %.2f images/s on %s; wrote %s%n",
                    images, images == 1 ? "" : "s", failures.size(), failures.size() == 1 ? "" : "s", seconds,
                    images / seconds, spark.sparkContext().master(), output);
            err.flush();
            return failures.isEmpty() ? 0 : SparkMain.EXIT_RUNTIME;
        } finally {
            spark.stop();
        }
    }

    private static double[] triple(String option, String text) {
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException(option + " needs three comma-separated numbers (R,G,B), got '" + text + "'");
        }
        List<Double> v = new ArrayList<>();
        for (String p : parts) {
            try {
                v.add(Double.parseDouble(p.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + p.trim() + "' is not a number");
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
