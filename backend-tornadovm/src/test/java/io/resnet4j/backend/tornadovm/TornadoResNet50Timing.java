package io.resnet4j.backend.tornadovm;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.models.ResNet50;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Not a test: times ResNet-50 on 1×3×224×224 (seeded weights) on tornadovm and on java in one JVM, and prints how
 * far apart their outputs are. Run in a TornadoVM JVM, e.g. from backend-tornadovm after test-compile:
 * {@code java @$TORNADOVM_HOME/tornado-argfile -Dtornado.recover.bailout=False --add-modules jdk.incubator.vector
 * -cp target/classes:target/test-classes:<test class path without tornado-api>
 * io.resnet4j.backend.tornadovm.TornadoResNet50Timing [runs]}.
 */
public final class TornadoResNet50Timing {
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Graph graph = ResNet50.create(0).graph();
        Shape shape = Shape.of(1, 3, 224, 224);
        Tensor input = Tensor.zeros(shape);
        for (int i = 0; i < input.data().length; i++) {
            input.data()[i] = (float) Math.sin(i * 0.001);
        }
        System.out.println(Backends.describe(Backends.discover()));
        Tensor tornado = time("tornadovm", graph, input, runs);
        Tensor java = time("java", graph, input, runs);
        System.out.printf("max |tornadovm - java| = %.3g (max |java| = %.3g)%n", tornado.maxAbsDiff(java),
                Arrays.stream(box(java.data())).mapToDouble(Math::abs).max().orElse(0));
    }

    private static Tensor time(String name, Graph graph, Tensor input, int runs) {
        try (Backend backend = Backends.open(name)) {
            long t0 = System.nanoTime();
            CompiledGraph compiled = backend.compile(graph);
            Tensor out = compiled.run(input);
            System.out.printf("%-9s compile + first run (JIT, upload): %.0f ms%n", name, (System.nanoTime() - t0) / 1e6);
            double[] ms = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t = System.nanoTime();
                out = compiled.run(input);
                ms[r] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("%-9s ResNet-50 1x3x224x224: median %.0f ms, best %.0f ms over %d runs%n", name,
                    ms[runs / 2], ms[0], runs);
            compiled.close();
            return out;
        }
    }

    private static Double[] box(float[] a) {
        Double[] d = new Double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = (double) a[i];
        }
        return d;
    }
}
