package io.resnet4j.spark;

import io.resnet4j.ResNet4jException;
import io.resnet4j.nn.Architectures;
import io.resnet4j.vision.Classifier;
import io.resnet4j.vision.ImageNetTransform;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The compiled models of this JVM (an executor, or the driver in local mode): one {@link Classifier} per
 * {@link ModelSpec}, built by the first task that needs it and shared by every later task of every thread. The
 * weights are read from their Hadoop path once per JVM; concurrent first tasks wait for that one load instead of
 * each reading the file. A {@link Classifier} runs forward passes of several threads at once, so sharing it is safe.
 *
 * <p>The models live as long as the JVM: an executor is a batch worker, and its next job usually wants the same
 * model. {@link #closeAll()} frees them earlier (tests, long-lived drivers).
 */
public final class ExecutorModels {
    private static final Map<ModelSpec, Classifier> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger BUILDS = new AtomicInteger();

    private ExecutorModels() {}

    /**
     * The classifier for {@code spec}, built on first use. {@code hadoopConf} is the driver's Hadoop configuration,
     * serialised ({@link Configuration#write}), used only when this JVM first reads the weights.
     */
    static Classifier get(ModelSpec spec, byte[] hadoopConf) {
        return MODELS.computeIfAbsent(spec, s -> build(s, hadoopConf));
    }

    /** How many classifiers this JVM has built (and weights files it has read) so far. */
    public static int builds() {
        return BUILDS.get();
    }

    /** Closes and forgets every classifier of this JVM. */
    public static void closeAll() {
        for (ModelSpec spec : MODELS.keySet()) {
            Classifier c = MODELS.remove(spec);
            if (c != null) {
                c.close();
            }
        }
    }

    private static Classifier build(ModelSpec spec, byte[] hadoopConf) {
        BUILDS.incrementAndGet();
        Classifier.Builder b = Classifier.builder().architecture(Architectures.find(spec.arch())).seed(spec.seed())
                .transform(new ImageNetTransform(spec.resize(), spec.crop(), spec.mean(), spec.std()))
                .exifRotate(spec.exifRotate()).topK(spec.topK()).batchSize(spec.batchSize());
        if (spec.backend() != null) {
            b.backend(spec.backend());
        }
        if (spec.weights() == null) {
            return b.build();
        }
        Path local = copyToLocal(spec.weights(), hadoopConf);
        try {
            return b.weights(local).build();
        } finally {
            try {
                Files.deleteIfExists(local);
            } catch (IOException e) {
                local.toFile().deleteOnExit();
            }
        }
    }

    /**
     * Copies a Hadoop-readable file to a local temporary file: the checkpoint readers want random access to a local
     * file, and a local copy is what the executor would cache anyway. The copy keeps the extension, which says the
     * format. Local paths ({@code file:}) are copied too: simpler than a special case, and cheap beside compiling.
     */
    private static Path copyToLocal(String weights, byte[] hadoopConf) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(weights);
        String name = path.getName();
        int dot = name.lastIndexOf('.');
        try {
            Configuration conf = new Configuration();
            if (hadoopConf != null) {
                conf.readFields(new DataInputStream(new ByteArrayInputStream(hadoopConf)));
            }
            FileSystem fs = path.getFileSystem(conf);
            Path local = Files.createTempFile("resnet4j-weights-", dot > 0 ? name.substring(dot) : ".pth");
            try (InputStream in = fs.open(path)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            return local;
        } catch (java.io.FileNotFoundException e) {
            throw new ResNet4jException(weights + ": no such weights file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(weights + ": cannot read the weights: " + e.getMessage(), e);
        }
    }
}
