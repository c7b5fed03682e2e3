package io.resnet4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.backend.java.JavaBackend;
import io.resnet4j.nn.Architectures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One classifier shared by 8 threads gives, for every image, exactly (bit for bit) what one thread gets; and a
 * batched {@code classifyAll} gives what one-at-a-time {@code classify} gives.
 */
class ClassifierConcurrencyTest {
    private static final int THREADS = 8;
    /** A small transform keeps the model cheap; the concurrency being tested does not depend on the size. */
    private static final ImageNetTransform SMALL = new ImageNetTransform(72, 64,
            ImageNetTransform.IMAGENET.mean(), ImageNetTransform.IMAGENET.std());

    @TempDir
    Path dir;

    @Test
    void eightThreadsGetWhatOneThreadGets() throws Exception {
        List<Path> files = images(6);
        try (JavaBackend backend = new JavaBackend();
             Classifier classifier = Classifier.builder().architecture(Architectures.find("resnet18")).seed(3)
                     .backend(backend).transform(SMALL).topK(10).build()) {
            List<Classification> alone = new ArrayList<>();
            for (Path f : files) {
                alone.add(classifier.classify(f));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<List<Classification>>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t;
                    Callable<List<Classification>> job = () -> {
                        List<Classification> mine = new ArrayList<>();
                        for (int i = 0; i < files.size(); i++) { // each thread starts elsewhere in the list
                            mine.add(classifier.classify(files.get((i + offset) % files.size())));
                        }
                        return mine;
                    };
                    futures.add(pool.submit(job));
                }
                for (int t = 0; t < THREADS; t++) {
                    List<Classification> mine = futures.get(t).get();
                    for (int i = 0; i < files.size(); i++) {
                        assertEquals(alone.get((i + t) % files.size()), mine.get(i), "thread " + t + ", image " + i);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            // Batches of 4 (the last one partial) are independent of their neighbours.
            try (Classifier batched = Classifier.builder().architecture(Architectures.find("resnet18")).seed(3)
                    .backend(backend).transform(SMALL).topK(10).batchSize(4).build()) {
                assertEquals(alone, batched.classifyAll(files));
                // The same batches from bytes in memory, and from decoded images, with a bad image among them.
                List<byte[]> encoded = new ArrayList<>();
                List<RgbImage> decoded = new ArrayList<>();
                List<String> names = new ArrayList<>();
                ImageDecoder decoder = new ImageDecoder(false);
                for (Path f : files) {
                    encoded.add(Files.readAllBytes(f));
                    decoded.add(decoder.read(f));
                    names.add(f.toString());
                }
                List<Classification> fromBytes = new ArrayList<>();
                batched.classifyAllEncoded(encoded, names, fromBytes::add);
                assertEquals(alone, fromBytes);
                List<Classification> fromPixels = new ArrayList<>();
                batched.classifyAllDecoded(decoded, names, fromPixels::add);
                assertEquals(alone, fromPixels);
                encoded.add(2, new byte[] {1, 2, 3});
                names.add(2, "three bytes");
                List<Classification> withBad = new ArrayList<>();
                batched.classifyAllEncoded(encoded, names, withBad::add);
                assertEquals(files.size() + 1, withBad.size());
                assertTrue(withBad.get(2).failed() && withBad.get(2).error().startsWith("three bytes: "), withBad.get(2).error());
                withBad.remove(2);
                assertEquals(alone, withBad);
            }
        }
    }

    /** Random-coloured blocks of different sizes and aspect ratios, as PNG files. */
    private List<Path> images(int n) throws Exception {
        Random random = new Random(8);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(60 + 17 * i, 90 - 7 * i, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, (x / 8 + y / 8) % 2 == 0 ? random.nextInt() : 0x336699 * (i + 1));
                }
            }
            Path f = dir.resolve("image" + i + ".png");
            ImageIO.write(image, "png", f.toFile());
            files.add(f);
        }
        assertEquals(n, Files.list(dir).count());
        return files;
    }
}
