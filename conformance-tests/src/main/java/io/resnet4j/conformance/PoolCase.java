package io.resnet4j.conformance;

import io.resnet4j.graph.Op;

/** One max pool over a {@link PlaneCase}'s input. */
public record PoolCase(PlaneCase input, int kernel, int stride, int padding) {

    public boolean accepted() {
        return input.height() + 2 * padding >= kernel && input.width() + 2 * padding >= kernel;
    }

    public Example example() {
        return input.single(new Op.MaxPool(kernel, stride, padding));
    }
}
