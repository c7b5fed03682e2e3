package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.Architectures;
import picocli.CommandLine.Option;

/** {@code --arch}: any architecture on the class path, built-in or declared with {@code @ResNet}. */
final class ArchOption {
    @Option(names = {"-a", "--arch"}, required = true, paramLabel = "ARCH",
            description = "Architecture, e.g. resnet50 (see 'resnet4j archs').")
    String arch;

    Architecture resolve() {
        return resolve(arch);
    }

    static Architecture resolve(String name) {
        try {
            return Architectures.find(name);
        } catch (ResNet4jException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }
}
