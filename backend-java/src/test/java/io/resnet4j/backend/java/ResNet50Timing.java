package io.resnet4j.backend.java;

import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Not a test: times ResNet-50 on 1×3×224×224 (random weights). Run from backend-java after test-compile:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:<resnet-api jar>
 * io.resnet4j.backend.java.ResNet50Timing [runs]}.
 */
public final class ResNet50Timing {
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Graph graph = ResNetGraphs.bottleneck(1, new int[] {3, 4, 6, 3}, 64, 1000);
        Shape shape = Shape.of(1, 3, 224, 224);
        Tensor input = Tensor.zeros(shape);
        for (int i = 0; i < input.data().length; i++) {
            input.data()[i] = (float) Math.sin(i * 0.001);
        }
        try (JavaBackend backend = new JavaBackend()) {
            System.out.printf("%d threads, %s, %.2f GMACs%n", backend.threads(), backend.kernelDescription(),
                    graph.macs(shape) / 1e9);
            CompiledGraph compiled = backend.compile(graph);
            double[] ms = new double[runs];
            for (int warm = 0; warm < 3; warm++) {
                compiled.run(input);
            }
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                compiled.run(input);
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("ResNet-50 1x3x224x224: median %.0f ms, best %.0f ms over %d runs%n",
                    ms[runs / 2], ms[0], runs);
        }
    }
}
