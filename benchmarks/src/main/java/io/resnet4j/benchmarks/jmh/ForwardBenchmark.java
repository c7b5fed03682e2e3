package io.resnet4j.benchmarks.jmh;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.nn.Architectures;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole forward pass on the default backend, for JMH's profilers ({@code -prof gc} shows allocation per
 * pass, {@code -prof perfasm} the hot loops). Kernel-level benchmarks belong beside it in this package. Run:
 * {@code java --add-modules jdk.incubator.vector -cp "benchmarks/target/classes:benchmarks/target/lib/*:
 * examples/target/classes:examples/target/lib/*" org.openjdk.jmh.Main ForwardBenchmark -p arch=resnet18}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ForwardBenchmark {
    @Param("resnet50")
    public String arch;

    @Param("3x224x224")
    public String input;

    @Param("1")
    public int batch;

    private Backend backend;
    private CompiledGraph compiled;
    private Tensor x;

    @Setup(Level.Trial)
    public void setUp() {
        ResNetModel model = Architectures.find(arch).create(0);
        backend = Backends.open();
        compiled = model.compile(backend);
        Shape shape = Shape.parse(input).withBatch(batch);
        SplittableRandom random = new SplittableRandom(1);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        x = Tensor.wrap(shape, v);
    }

    @Benchmark
    public Tensor forward() {
        return compiled.run(x);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        compiled.close();
        backend.close();
    }
}
