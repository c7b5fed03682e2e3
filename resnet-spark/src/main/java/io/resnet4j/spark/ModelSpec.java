package io.resnet4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything that decides which {@link io.resnet4j.vision.Classifier} an executor needs: the key of its per-JVM
 * cache, and what the driver ships to the executors with each task.
 *
 * @param arch      architecture id, as {@code --arch} takes it ({@code resnet50} …)
 * @param weights   a fully qualified Hadoop path to a {@code .pth} or safetensors file, or {@code null} for the
 *                  seeded random initialisation
 * @param seed      the seed of that initialisation when {@code weights} is {@code null}
 * @param backend   backend name, or {@code null} for the highest-ranked available one
 * @param resize    torchvision's {@code Resize(N)}
 * @param crop      torchvision's {@code CenterCrop(N)}
 * @param mean      Normalize's mean, R G B
 * @param std       Normalize's std, R G B
 * @param exifRotate whether to turn images upright by their EXIF orientation
 * @param topK      classes per image
 * @param batchSize images per forward pass
 */
record ModelSpec(String arch, String weights, long seed, String backend, int resize, int crop, float[] mean,
        float[] std, boolean exifRotate, int topK, int batchSize) implements Serializable {

    ModelSpec {
        Objects.requireNonNull(arch, "arch");
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && arch.equals(m.arch) && Objects.equals(weights, m.weights) && seed == m.seed
                && Objects.equals(backend, m.backend) && resize == m.resize && crop == m.crop
                && Arrays.equals(mean, m.mean) && Arrays.equals(std, m.std) && exifRotate == m.exifRotate
                && topK == m.topK && batchSize == m.batchSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(arch, weights, seed, backend, resize, crop, Arrays.hashCode(mean), Arrays.hashCode(std),
                exifRotate, topK, batchSize);
    }

    @Override
    public String toString() {
        return arch + (weights == null ? " (seed " + seed + ")" : " (" + weights + ")") + " on "
                + (backend == null ? "the default backend" : backend) + ", crop " + crop + ", batch " + batchSize;
    }
}
