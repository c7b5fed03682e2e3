package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;
import io.resnet4j.nn.ResNetModel;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Processor;

/**
 * Builds models the way users do: renders a {@code @ResNet} interface, runs resnet-codegen's annotation processor
 * on it with javac in this process, loads the generated class and calls its {@code create(long seed)}.
 */
public final class GeneratedModels {
    public static final String PROCESSOR = "io.resnet4j.codegen.ResNetProcessor";

    /**
     * The last few specs compiled, by source: a rerun with the same seed (several backends, or the planted-bug
     * tests) compiles each spec once. Models are still created fresh from the loaded class every time.
     */
    private static final Map<String, ClassLoader> LOADERS = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ClassLoader> eldest) {
                    return size() > 64;
                }
            });

    private GeneratedModels() {}

    /** Why whole-model properties cannot run here, if they cannot. */
    public static Optional<String> unavailableReason() {
        try {
            Class.forName(PROCESSOR, false, GeneratedModels.class.getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of(PROCESSOR + " is not on the class path (add resnet-codegen as a test dependency)");
        }
    }

    /** The model class the processor generates for {@code c}, created with {@code c.seed()}. */
    public static ResNetModel create(ModelCase c) {
        ClassLoader loader = LOADERS.computeIfAbsent(c.source(), source -> InMemoryCompiler.compile(
                ModelCase.PACKAGE + "." + ModelCase.NAME + "Spec", source, processor(), ResNetModel.class));
        String generated = ModelCase.PACKAGE + "." + ModelCase.NAME;
        try {
            Class<?> type = Class.forName(generated, true, loader);
            Object model = type.getMethod("create", long.class).invoke(null, c.seed());
            if (!(model instanceof ResNetModel m)) {
                throw new ResNet4jException(generated + ".create(long) returned " + model + ", not a ResNetModel");
            }
            return m;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new ResNet4jException("cannot create " + generated + " via static create(long): " + cause, cause);
        }
    }

    private static Processor processor() {
        try {
            return (Processor) Class.forName(PROCESSOR).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ResNet4jException(unavailableReason().orElse("cannot instantiate " + PROCESSOR + ": " + e), e);
        }
    }
}
