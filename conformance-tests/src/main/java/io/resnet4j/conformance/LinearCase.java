package io.resnet4j.conformance;

/** A flatten + linear layer over a {@link PlaneCase}'s input. */
public record LinearCase(PlaneCase input, int outFeatures) {
    public Example example() {
        return input.linear(outFeatures);
    }
}
