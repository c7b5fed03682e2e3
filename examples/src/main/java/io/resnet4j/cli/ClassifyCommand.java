package io.resnet4j.cli;

import io.resnet4j.backend.Backend;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.vision.Classification;
import io.resnet4j.vision.Classifier;
import io.resnet4j.vision.Labels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "classify", mixinStandardHelpOptions = true, description = {
        "Classify images (files or folders, searched recursively) with torchvision's preprocessing, bit for bit.",
        "Example: resnet4j classify --arch resnet50 --weights resnet50-0676ba61.pth examples/images/chelsea.png",
        "A file that cannot be read is reported on stderr and skipped; the exit code is then 1."})
final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    ArchOption arch;

    @Mixin
    WeightsOption weights;

    @Mixin
    BackendOption backend;

    @Mixin
    TransformOptions transform;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Classes per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names, one a line (default: ImageNet's 1000 for a 1000-class model, else indices).")
    Path labels;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR", description = "Image files (PNG, JPEG, GIF, BMP, TIFF) or folders.")
    List<Path> inputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Architecture architecture = arch.resolve();
        ResultFormat output = parseFormat();
        if (top < 1 || batch < 1) {
            throw new Main.UsageException("--top and --batch must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = ImageFiles.expand(inputs);
        Labels names = labels == null ? null : Labels.read(labels);
        if (weights.weights == null) {
            err.println("resnet4j: warning: no --weights, so " + architecture.id()
                    + " has random (seeded) weights and its classes are meaningless");
        }
        ResNetModel model = weights.create(architecture, err);
        int[] failed = {0};
        boolean[] first = {true};
        try (Backend b = backend.open()) {
            Classifier.Builder builder = Classifier.builder().model(model).backend(b)
                    .transform(transform.transform()).exifRotate(transform.exifRotate).topK(top).batchSize(batch);
            if (names != null) {
                builder.labels(names);
            }
            long start;
            try (Classifier classifier = builder.build()) {
                start = System.nanoTime(); // throughput: decoding, preprocessing and inference, not the model's compilation
                ProgressBar progress = new ProgressBar(err, files.size(), ProgressBar.stderrIsTerminal());
                output.begin(out);
                classifier.classifyAll(files, c -> {
                    progress.clear(); // stdout may be the same terminal: results must not land on the bar's line
                    if (c.failed()) {
                        err.println("resnet4j: " + c.error());
                        failed[0]++;
                    } else {
                        output.item(out, c, first[0]);
                        first[0] = false;
                        out.flush();
                    }
                    progress.advance();
                });
                output.end(out, !first[0]);
                out.flush();
                progress.clear();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int ok = files.size() - failed[0];
            err.printf(Locale.ROOT, "resnet4j: classified %d image%s in %.2f s (%.2f images/s, decoding included) on %s%s%n",
                    ok, ok == 1 ? "" : "s", seconds, ok / seconds, b.name(),
                    failed[0] == 0 ? "" : "; " + failed[0] + " could not be read");
            err.flush();
        }
        return failed[0] == 0 ? 0 : Main.EXIT_RUNTIME;
    }

    private ResultFormat parseFormat() {
        try {
            return ResultFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--format must be table, json or csv, got '" + format + "'");
        }
    }
}
