package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;

/**
 * The values of one run, by node id. Every step writes a fresh array, and nothing is written in place, so a
 * value handed to the caller can never be changed by this or a later run.
 */
final class Activations {
    private final Shape[] shapes;
    private final float[][] values;

    Activations(Shape[] shapes, float[] input) {
        this.shapes = shapes;
        this.values = new float[shapes.length][];
        values[0] = input;
    }

    Shape shape(int node) {
        return shapes[node];
    }

    float[] get(int node) {
        float[] v = values[node];
        if (v == null) {
            throw new IllegalStateException("node %" + node + " was read after its last planned use");
        }
        return v;
    }

    /** A new array for {@code node}'s result, sized from its inferred shape. */
    float[] allocate(int node) {
        long size = shapes[node].size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new ResNet4jException("node %" + node + ": a result of shape " + shapes[node]
                    + " is too large for one Java array; use a smaller batch or image");
        }
        return new float[(int) size];
    }

    void put(int node, float[] value) {
        values[node] = value;
    }

    /** Drops a value nobody reads any more, so that peak memory stays near the widest layer. */
    void release(int node) {
        values[node] = null;
    }
}
