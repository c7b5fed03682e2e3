package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Npy;
import io.resnet4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "predict", mixinStandardHelpOptions = true, description = {
        "Run a model on an N×C×H×W float32 .npy and write the logits (N×classes) as .npy.",
        "Example: resnet4j predict --arch resnet50 --input x.npy --output logits.npy"})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ArchOption arch;

    @Mixin
    WeightsOption weights;

    @Mixin
    BackendOption backend;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy", description = "Input batch, N×C×H×W.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy", description = "Where to write the logits.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Architecture architecture = arch.resolve();
        backend.requireKnownChoice();
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new Main.UsageException("--output: directory " + dir + " does not exist");
        }
        Tensor x = Npy.read(input);
        ResNetModel model = weights.create(architecture, spec.commandLine().getErr());
        try {
            model.outputShape(x.shape()); // refuses a wrong-shaped input before a backend does any work
        } catch (ResNet4jException e) {
            throw new ResNet4jException(input + ": " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        Tensor logits;
        try (Backend b = backend.open(); CompiledGraph compiled = model.compile(b)) {
            logits = compiled.run(x);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Npy.write(output, logits);
        spec.commandLine().getErr().printf(Locale.ROOT, "resnet4j: %s %s -> %s %s in %.2f s%n",
                architecture.id(), x.shape(), output, logits.shape(), seconds);
        spec.commandLine().getErr().flush();
        return 0;
    }
}
