package io.resnet4j.vision;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.WeightLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Classifies images with a ResNet: decode as PIL does, torchvision's evaluation transform, the model on a backend,
 * softmax, top-k.
 *
 * <pre>{@code
 * try (Classifier classifier = Classifier.builder()
 *         .architecture(Architectures.find("resnet50"))
 *         .weights(Path.of("resnet50-0676ba61.pth"))
 *         .build()) {
 *     Prediction best = classifier.classify(Path.of("cat.png")).best();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> One classifier may be shared by any number of threads. Decoding and preprocessing run in the
 * calling threads (and, in {@link #classifyAll}, in parallel); forward passes of several threads run at once on the
 * shared {@link CompiledGraph}, which gives each run buffers of its own. A result does not depend on which thread
 * asked, nor on what other threads do at the same time. {@link #close()} waits for running passes.
 */
public final class Classifier implements AutoCloseable {
    private final CompiledGraph graph;
    private final Backend backend;
    private final boolean ownsBackend;
    private final Labels labels;
    private final ImageNetTransform transform;
    private final ImageDecoder decoder;
    private final int topK;
    private final int batchSize;
    /** Forward passes share the read side; close takes the write side, so it never frees a graph in use. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private Classifier(Builder b, ResNetModel model, Backend backend, boolean ownsBackend) {
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.transform = b.transform;
        this.decoder = new ImageDecoder(b.exifRotate);
        this.batchSize = b.batchSize;
        int classes = model.spec().numClasses();
        if (b.labels != null && b.labels.size() != classes) {
            throw new ResNet4jException("the labels name " + b.labels.size() + " classes but "
                    + model.spec().name().toLowerCase(Locale.ROOT) + " has " + classes);
        }
        this.labels = b.labels != null ? b.labels : classes == 1000 ? Labels.imageNet() : Labels.indices(classes);
        this.topK = Math.min(b.topK, classes);
        model.outputShape(Shape.of(1, 3, transform.crop(), transform.crop())); // refuses a too-small crop now
        this.graph = model.compile(backend);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Classifies one image file; a file that cannot be read throws, with a message naming it. */
    public Classification classify(Path file) {
        Tensor x = preprocess(file);
        return classifyBatch(List.of(file.toString()), x).getFirst();
    }

    /** Classifies an encoded image held in memory (PNG, JPEG … bytes); {@code name} names it in results and errors. */
    public Classification classify(byte[] encoded, String name) {
        Tensor x = transform.apply(decoder.read(encoded, name));
        return classifyBatch(List.of(name), x).getFirst();
    }

    /** Classifies an in-memory image (its raw samples, as Pillow would see them; alpha is dropped). */
    public Classification classify(BufferedImage image) {
        Tensor x = transform.apply(ImageDecoder.toRgb(image));
        return classifyBatch(List.of("image " + image.getWidth() + "×" + image.getHeight()), x).getFirst();
    }

    /**
     * Classifies many files in batches of {@link Builder#batchSize}; results in the order of {@code files}. A file
     * that cannot be read gets a failed {@link Classification} and does not stop the others.
     */
    public List<Classification> classifyAll(List<Path> files) {
        List<Classification> results = new ArrayList<>(files.size());
        classifyAll(files, results::add);
        return results;
    }

    /** As {@link #classifyAll(List)}, handing each result to {@code sink} as soon as its batch is done, in order. */
    public void classifyAll(List<Path> files, Consumer<Classification> sink) {
        classifyBatches(files.size(), i -> files.get(i).toString(), i -> decoder.read(files.get(i)), sink);
    }

    /**
     * Classifies encoded images held in memory (PNG, JPEG … bytes, e.g. a data set's files) in batches of
     * {@link Builder#batchSize}; {@code names.get(i)} names {@code encoded.get(i)} in its result and errors. Results
     * in order; an image that cannot be decoded gets a failed {@link Classification} and does not stop the others.
     * Each result is the one {@link #classify(Path)} gives for the same bytes, bit for bit.
     */
    public void classifyAllEncoded(List<byte[]> encoded, List<String> names, Consumer<Classification> sink) {
        requireSameSize(encoded.size(), names.size());
        classifyBatches(encoded.size(), names::get, i -> decoder.read(encoded.get(i), names.get(i)), sink);
    }

    /** As {@link #classifyAllEncoded}, for images already decoded (e.g. Spark's image rows). */
    public void classifyAllDecoded(List<RgbImage> images, List<String> names, Consumer<Classification> sink) {
        requireSameSize(images.size(), names.size());
        classifyBatches(images.size(), names::get, images::get, sink);
    }

    private static void requireSameSize(int images, int names) {
        if (images != names) {
            throw new IllegalArgumentException(images + " images but " + names + " names");
        }
    }

    /** The batch loop of every {@code classifyAll}: image {@code i} is named {@code name(i)} and decoded by {@code decode(i)}. */
    private void classifyBatches(int count, IntFunction<String> name, IntFunction<RgbImage> decode,
            Consumer<Classification> sink) {
        int crop = transform.crop();
        int imageSize = 3 * crop * crop;
        for (int start = 0; start < count; start += batchSize) {
            int first = start;
            int size = Math.min(batchSize, count - start);
            float[] data = new float[size * imageSize];
            String[] errors = new String[size];
            // Decode and preprocess in parallel: it is single-threaded work per image.
            IntStream.range(0, size).parallel().forEach(i -> {
                try {
                    transform.apply(decode.apply(first + i), data, i * imageSize);
                } catch (ResNet4jException e) {
                    errors[i] = e.getMessage();
                } catch (OutOfMemoryError e) {
                    errors[i] = name.apply(first + i) + ": out of memory while decoding; raise the heap (-Xmx)";
                }
            });
            List<String> sources = new ArrayList<>();
            int good = 0;
            for (int i = 0; i < size; i++) {
                if (errors[i] == null) {
                    System.arraycopy(data, i * imageSize, data, good++ * imageSize, imageSize);
                    sources.add(name.apply(first + i));
                }
            }
            List<Classification> classified = good == 0 ? List.of()
                    : classifyBatch(sources, Tensor.wrap(Arrays.copyOf(data, good * imageSize), good, 3, crop, crop));
            for (int i = 0, next = 0; i < size; i++) {
                sink.accept(errors[i] != null ? Classification.failed(name.apply(first + i), errors[i])
                        : classified.get(next++));
            }
        }
    }

    /** The N×3×crop×crop tensor the model sees for {@code file}: torchvision's transform of the decoded image. */
    public Tensor preprocess(Path file) {
        return transform.apply(decoder.read(file));
    }

    /** The logits for a preprocessed batch (N×3×crop×crop). */
    public Tensor logits(Tensor batch) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this Classifier is closed");
            }
            return graph.run(batch);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    public ImageNetTransform transform() {
        return transform;
    }

    public Labels labels() {
        return labels;
    }

    public String backendName() {
        return backend.name();
    }

    private List<Classification> classifyBatch(List<String> sources, Tensor batch) {
        Tensor logits = logits(batch);
        int classes = logits.dim(1);
        float[] all = logits.data();
        List<Classification> out = new ArrayList<>(sources.size());
        for (int n = 0; n < sources.size(); n++) {
            float[] p = Softmax.of(all, n * classes, classes);
            List<Prediction> top = new ArrayList<>(topK);
            for (int index : Softmax.topK(p, topK)) {
                top.add(new Prediction(index, labels.get(index), p[index]));
            }
            out.add(new Classification(sources.get(n), top, null));
        }
        return out;
    }

    /** Frees the compiled model, and the backend if this classifier opened it. Waits for a running forward pass. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            graph.close();
            if (ownsBackend) {
                backend.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Configures a {@link Classifier}: a model (an architecture with weights, or a ready one) and a backend. */
    public static final class Builder {
        private Architecture architecture;
        private ResNetModel model;
        private Path weights;
        private long seed;
        private Backend backend;
        private String backendName;
        private Labels labels;
        private ImageNetTransform transform = ImageNetTransform.IMAGENET;
        private boolean exifRotate;
        private int topK = 5;
        private int batchSize = 8;

        private Builder() {}

        public Builder architecture(Architecture architecture) {
            this.architecture = Objects.requireNonNull(architecture);
            return this;
        }

        /** A model built and loaded by the caller (e.g. with a lenient weight load); replaces architecture + weights. */
        public Builder model(ResNetModel model) {
            this.model = Objects.requireNonNull(model);
            return this;
        }

        /** A torchvision {@code state_dict} ({@code .pth}) or safetensors file, loaded strictly. */
        public Builder weights(Path weights) {
            this.weights = Objects.requireNonNull(weights);
            return this;
        }

        /** The seed of the random initialisation without weights (classes are then meaningless). Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A backend the caller owns (and closes after the classifier). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend);
            return this;
        }

        /** A backend by name, opened and closed by the classifier; default: {@link Backends#open()}'s choice. */
        public Builder backend(String name) {
            this.backendName = Objects.requireNonNull(name);
            return this;
        }

        /** Class names; default: ImageNet's for 1000 classes, else indices. */
        public Builder labels(Labels labels) {
            this.labels = Objects.requireNonNull(labels);
            return this;
        }

        public Builder transform(ImageNetTransform transform) {
            this.transform = Objects.requireNonNull(transform);
            return this;
        }

        /** Whether to turn images upright by their EXIF orientation (torchvision does not; default false). */
        public Builder exifRotate(boolean exifRotate) {
            this.exifRotate = exifRotate;
            return this;
        }

        public Builder topK(int topK) {
            if (topK < 1) {
                throw new IllegalArgumentException("topK must be at least 1, got " + topK);
            }
            this.topK = topK;
            return this;
        }

        /** Images per forward pass in {@link #classifyAll}; default 8. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Classifier build() {
            ResNetModel m = model != null ? model : loadModel();
            boolean owns = backend == null;
            Backend b = owns ? (backendName != null ? Backends.open(backendName) : Backends.open()) : backend;
            try {
                return new Classifier(this, m, b, owns);
            } catch (RuntimeException e) {
                if (owns) {
                    b.close();
                }
                throw e;
            }
        }

        private ResNetModel loadModel() {
            if (architecture == null) {
                throw new IllegalStateException("set an architecture (or a model) before build()");
            }
            ResNetModel m = architecture.create(seed);
            if (weights != null) {
                try (Checkpoint checkpoint = Checkpoints.read(weights)) {
                    WeightLoader.load(m.stateDict(), checkpoint, true);
                } catch (CheckpointException e) {
                    throw new ResNet4jException(e.getMessage(), e);
                }
            }
            return m;
        }
    }
}
