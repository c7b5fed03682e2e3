package io.resnet4j.spark;

import io.resnet4j.nn.Architectures;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.vision.ImageNetTransform;
import io.resnet4j.weights.DType;
import io.resnet4j.weights.Safetensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/** Test fixtures: small PNG files, a corrupt one, and a resnet18 checkpoint. */
final class TestImages {
    /** A small transform keeps resnet18 cheap on two cores; what is tested does not depend on the size. */
    static final ImageNetTransform SMALL = new ImageNetTransform(72, 64,
            ImageNetTransform.IMAGENET.mean(), ImageNetTransform.IMAGENET.std());

    private TestImages() {}

    /** {@code n} PNGs of random-coloured blocks, each of its own size and aspect ratio, named image0.png …. */
    static List<Path> pngs(Path dir, int n, long seed) throws IOException {
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(60 + 17 * (i % 7), 90 - 7 * (i % 7), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, (x / 8 + y / 8) % 2 == 0 ? random.nextInt() : 0x336699 * (i + 1));
                }
            }
            Path f = dir.resolve("image" + i + ".png");
            ImageIO.write(image, "png", f.toFile());
            files.add(f);
        }
        return files;
    }

    /** A file named like a PNG that holds no image. */
    static Path corrupt(Path dir) throws IOException {
        return Files.write(dir.resolve("bad.png"), "not an image at all".getBytes());
    }

    /** resnet18's seeded initialisation, saved as safetensors: real weights to load, without a download. */
    static Path resnet18Weights(Path file, long seed) throws IOException {
        ResNetModel source = Architectures.find("resnet18").create(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (StateDict.Entry e : source.stateDict().layout()) {
            if (e.kind() == StateDict.Kind.COUNTER) {
                counters.put(e.name(), 0L);
            } else {
                tensors.put(e.name(), source.stateDict().tensor(e.name()));
            }
        }
        Safetensors.write(file, tensors, counters, DType.F32);
        return file;
    }
}
