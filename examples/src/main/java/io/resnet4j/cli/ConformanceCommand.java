package io.resnet4j.cli;

import io.resnet4j.backend.BackendDevice;
import io.resnet4j.conformance.ConformanceRunner;
import io.resnet4j.conformance.golden.GoldenFixtures;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "conformance", mixinStandardHelpOptions = true, description = {
        "Run the conformance suite against one backend; one line per property, exit code is the verdict.",
        "Example: resnet4j conformance --backend java --tries 200"})
final class ConformanceCommand implements Callable<Integer> {
    @Option(names = {"-b", "--backend"}, required = true, paramLabel = "NAME", description = "Backend to check.")
    String backend;

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Device for a backend that has several (tornadovm); see 'resnet4j backends'.")
    String device;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "100",
            description = "Cases per property; the whole-model property runs a third (default: ${DEFAULT-VALUE}).")
    int tries;

    @Option(names = "--seed", paramLabel = "S", description = "jqwik seed, to replay a failure.")
    Long seed;

    @Option(names = "--golden", paramLabel = "DIR",
            description = "torchvision golden data (tools/golden/generate.py) for the parity property; default: "
                    + "target/golden of this checkout, made by './mvnw verify'.")
    Path golden;

    @Override
    public Integer call() {
        if (golden != null) {
            if (!Files.isDirectory(golden)) {
                throw new Main.UsageException("--golden: " + golden + " is not a directory");
            }
            System.setProperty(GoldenFixtures.DIR_PROPERTY, golden.toAbsolutePath().toString());
        }
        if (tries < 1) {
            throw new Main.UsageException("--tries must be ≥ 1");
        }
        if (device != null) {
            System.setProperty(BackendDevice.PROPERTY, device);
        }
        BackendOption.requireKnown(backend, "");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        return ConformanceRunner.run(backend, tries, seed, out) ? 0 : 1;
    }
}
