package io.resnet4j.cli;

import io.resnet4j.vision.ImageNetTransform;
import picocli.CommandLine.Option;

/**
 * {@code --resize --crop --mean --std --exif-rotate}: torchvision's evaluation transform. The defaults are the
 * ImageNet values torchvision's checkpoints were evaluated with; other checkpoints may need others.
 */
final class TransformOptions {
    @Option(names = "--resize", paramLabel = "N", defaultValue = "256",
            description = "Resize the short side to N, as transforms.Resize(N) (default: ${DEFAULT-VALUE}).")
    int resize;

    @Option(names = "--crop", paramLabel = "N", defaultValue = "224",
            description = "Centre crop N×N, as transforms.CenterCrop(N) (default: ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--mean", paramLabel = "R,G,B", defaultValue = "0.485,0.456,0.406",
            description = "Normalize mean (default: ${DEFAULT-VALUE}).")
    String mean;

    @Option(names = "--std", paramLabel = "R,G,B", defaultValue = "0.229,0.224,0.225",
            description = "Normalize std (default: ${DEFAULT-VALUE}).")
    String std;

    @Option(names = "--exif-rotate", negatable = false,
            description = "Turn images upright by their EXIF orientation (torchvision does not, so neither do we by default).")
    boolean exifRotate;

    ImageNetTransform transform() {
        try {
            return new ImageNetTransform(resize, crop, triple("--mean", mean), triple("--std", std));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage().startsWith("--") ? e.getMessage() : "transform: " + e.getMessage());
        }
    }

    private static float[] triple(String option, String text) {
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException(option + " needs three comma-separated numbers (R,G,B), got '" + text + "'");
        }
        float[] v = new float[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + parts[i].trim() + "' is not a number");
            }
        }
        return v;
    }
}
