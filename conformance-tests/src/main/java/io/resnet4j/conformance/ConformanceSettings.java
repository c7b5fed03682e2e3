package io.resnet4j.conformance;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets every contract property's tries and seed from system properties, so one knob serves CI (a small default)
 * and the CLI's long runs, whatever jqwik defaults the backend author's build has:
 * {@value #TRIES} (default {@value #DEFAULT_TRIES}), {@value #SEED} (default: random, printed on failure) and
 * {@value #SHRINKING} ({@code off} to skip shrinking where only detection matters).
 *
 * <p>Registered globally through {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}, because jqwik
 * does not inherit hook annotations from the contract interfaces; it applies only to their properties.
 */
public final class ConformanceSettings implements AroundPropertyHook {
    public static final String TRIES = "resnet4j.conformance.tries";
    public static final String SEED = "resnet4j.conformance.seed";
    public static final String SHRINKING = "resnet4j.conformance.shrinking";
    public static final int DEFAULT_TRIES = 30;

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        // Examples (the golden check) run exactly once; only generated properties take the tries setting.
        return element.filter(e -> e instanceof Method m
                && BackendUnderTest.class.isAssignableFrom(m.getDeclaringClass())
                && !m.isAnnotationPresent(net.jqwik.api.Example.class)).isPresent();
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyAttributes attributes = context.attributes();
        int tries = Integer.getInteger(TRIES, DEFAULT_TRIES);
        if (context.targetMethod().isAnnotationPresent(Expensive.class)) {
            tries = Math.max(1, tries / 3);
        }
        attributes.setTries(tries);
        String seed = System.getProperty(SEED);
        if (seed != null && !seed.isBlank()) {
            attributes.setSeed(seed.trim());
        }
        if ("off".equalsIgnoreCase(System.getProperty(SHRINKING))) {
            attributes.setShrinking(net.jqwik.api.ShrinkingMode.OFF);
        }
        return property.execute();
    }
}
