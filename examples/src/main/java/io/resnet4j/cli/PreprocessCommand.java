package io.resnet4j.cli;

import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.vision.ImageDecoder;
import io.resnet4j.vision.ImageNetTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "preprocess", mixinStandardHelpOptions = true, description = {
        "Write the tensor a model sees for an image (1×3×crop×crop float32 .npy), exactly as torchvision's",
        "Compose([Resize(256), CenterCrop(224), ToTensor(), Normalize(mean, std)]) on Image.open(f).convert(\"RGB\").",
        "Example: resnet4j preprocess examples/images/chelsea.png --output x.npy   (then: predict --input x.npy)"})
final class PreprocessCommand implements Callable<Integer> {
    @Mixin
    TransformOptions transform;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "An image file.")
    Path image;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "X.npy", description = "Where to write the tensor.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ImageNetTransform t = transform.transform();
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new Main.UsageException("--output: directory " + dir + " does not exist");
        }
        if (Files.isDirectory(output)) {
            throw new Main.UsageException("--output: " + output + " is a directory");
        }
        Tensor x = t.apply(new ImageDecoder(transform.exifRotate).read(image));
        Npy.write(output, x);
        spec.commandLine().getErr().println("resnet4j: " + image + " -> " + output + " " + x.shape() + " (" + t + ")");
        spec.commandLine().getErr().flush();
        return 0;
    }
}
