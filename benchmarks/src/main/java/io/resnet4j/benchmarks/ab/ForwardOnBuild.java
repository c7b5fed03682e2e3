package io.resnet4j.benchmarks.ab;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.backend.StepTiming;
import io.resnet4j.nn.Architectures;
import io.resnet4j.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One model compiled on the java backend of whichever build loaded this class: {@link BuildsAb} loads it once per
 * build, each time in its own class loader, and talks to it only through {@link Runnable} (a forward) and
 * {@link Supplier} (a profiled forward's step times), types both loaders share.
 */
public final class ForwardOnBuild implements Runnable, Supplier<long[]>, AutoCloseable {
    private final Backend backend;
    private final CompiledGraph compiled;
    private final Tensor input;

    public ForwardOnBuild(String arch, int[] shape) {
        backend = Backends.open("java");
        compiled = Architectures.find(arch).create(42).compile(backend);
        input = Tensor.zeros(shape);
        SplittableRandom random = new SplittableRandom(1);
        float[] x = input.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
    }

    @Override
    public void run() {
        compiled.run(input);
    }

    /** One profiled forward: each step's nanoseconds, in plan order. */
    @Override
    public long[] get() {
        return compiled.profile(input).orElseThrow().stream().mapToLong(StepTiming::nanos).toArray();
    }

    /** The plan's step names, in the order {@link #get} reports them. */
    public String[] steps() {
        return compiled.profile(input).orElseThrow().stream().map(StepTiming::step).toArray(String[]::new);
    }

    @Override
    public void close() {
        compiled.close();
        backend.close();
    }
}
