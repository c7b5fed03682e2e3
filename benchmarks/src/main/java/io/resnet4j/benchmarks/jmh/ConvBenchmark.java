package io.resnet4j.benchmarks.jmh;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
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
 * One convolution (with a fused ReLU) of ResNet-50's shapes, alone: the hot kernels in place, with their packing,
 * schedule and epilogue, but without the rest of the network. A global average pool follows, so that the result
 * copied out of the arena is one value per channel, not the whole activation (the pool's one read of the output
 * is a few percent of the time). Shapes are
 * {@code batch x in x out x size x kernel x stride}; run, e.g.:
 * {@code java --add-modules jdk.incubator.vector -cp "benchmarks/target/classes:benchmarks/target/lib/*:
 * examples/target/classes:examples/target/lib/*" org.openjdk.jmh.Main ConvBenchmark -p shape=8x64x256x56x1x1}
 * <p>A conv's weights here stay in cache between runs; in a whole network at batch 1 each weight is read once
 * per forward from memory, so compare schedules in {@link ForwardBenchmark} (or {@code resnet4j bench}) too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ConvBenchmark {
    /** batch x in x out x size x kernel x stride: the 1×1 and 3×3 convs of ResNet-50's stages, and its stem. */
    @Param({"1x64x256x56x1x1", "8x64x256x56x1x1", "8x256x64x56x1x1", "1x1024x256x14x1x1", "8x1024x256x14x1x1",
            "1x64x64x56x3x1", "8x128x128x28x3x1", "1x256x256x14x3x1", "8x512x512x7x3x1", "8x128x128x56x3x2",
            "8x3x64x224x7x2"})
    public String shape;

    private Backend backend;
    private CompiledGraph compiled;
    private Tensor x;

    @Setup(Level.Trial)
    public void setUp() {
        int[] s = java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
        int batch = s[0], in = s[1], out = s[2], size = s[3], kernel = s[4], stride = s[5];
        SplittableRandom random = new SplittableRandom(1);
        float[] w = new float[out * in * kernel * kernel];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * Math.sqrt(2.0 / (in * kernel * kernel)));
        }
        Graph.Builder b = Graph.builder(in);
        Graph.Node conv = b.add("conv", new Op.Conv2d(Tensor.wrap(w, out, in, kernel, kernel), null, stride,
                kernel / 2, 1, 1), b.input());
        Graph.Node relu = b.add("relu", new Op.Relu(), conv);
        Graph graph = b.build(b.add("pool", new Op.GlobalAvgPool(), relu));
        float[] v = new float[batch * in * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        x = Tensor.wrap(v, batch, in, size, size);
        backend = Backends.open("java");
        compiled = backend.compile(graph);
    }

    @Benchmark
    public Tensor conv() {
        return compiled.run(x);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        compiled.close();
        backend.close();
    }
}
