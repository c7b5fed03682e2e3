package io.resnet4j.cli;

import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.tensor.Shape;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;

/** The line {@code summary} and {@code bench} print about what a run will need, planned before it runs. */
final class PlannedMemory {
    private PlannedMemory() {}

    static void print(PrintWriter out, CompiledGraph compiled, Shape shape) {
        OptionalLong bytes = compiled.plannedBytes(shape);
        if (bytes.isPresent()) {
            out.printf(Locale.ROOT, "planned memory: %.1f MiB per concurrent run of %s (heap limit %.0f MiB)%n",
                    bytes.getAsLong() / 1048576.0, shape, Runtime.getRuntime().maxMemory() / 1048576.0);
        }
    }
}
