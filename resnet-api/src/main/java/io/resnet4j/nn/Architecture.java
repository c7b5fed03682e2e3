package io.resnet4j.nn;

import io.resnet4j.spec.ResNetSpec;
import java.util.Locale;

/**
 * A model family on the class path, registered in {@code META-INF/services/io.resnet4j.nn.Architecture}. The
 * annotation processor generates one for every {@code @ResNet} spec, so tools such as the CLI find them all.
 */
public interface Architecture {
    ResNetSpec spec();

    /** A model with the seed article's initialisation, deterministic for {@code seed}. */
    ResNetModel create(long seed);

    /** The name users type: the spec name in lower case, e.g. {@code resnet50}. */
    default String id() {
        return spec().name().toLowerCase(Locale.ROOT);
    }
}
