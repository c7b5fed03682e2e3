package io.resnet4j.backend.java;

import io.resnet4j.tensor.Shape;

/**
 * Where every node's value lives during one run: the caller's input array for the input node, else a slice of
 * the execution context's arena placed by the {@link MemoryPlan}. Steps read and write through it and never
 * allocate.
 */
final class Values {
    private final MemoryPlan plan;
    private final float[] input;
    private final float[] arena;
    private final float[] workspace;

    Values(MemoryPlan plan, float[] input, float[] arena, float[] workspace) {
        this.plan = plan;
        this.input = input;
        this.arena = arena;
        this.workspace = workspace;
    }

    Shape shape(int node) {
        return plan.shapes()[node];
    }

    /** The array holding {@code node}'s value, from {@link #offset(int)} on. */
    float[] array(int node) {
        return plan.offsets()[node] == MemoryPlan.INPUT ? input : arena;
    }

    int offset(int node) {
        int offset = plan.offsets()[node];
        return offset == MemoryPlan.INPUT ? 0 : offset;
    }

    /** {@link #array(int)}, or null for an absent node (−1: a step's optional residual). */
    float[] arrayOrNull(int node) {
        return node < 0 ? null : array(node);
    }

    /**
     * Where {@code node}'s value lies relative to {@code base}'s, in the same or another array (0 for an absent
     * node): a fused residual is read at the output's index plus this shift.
     */
    int shift(int node, int base) {
        return node < 0 ? 0 : offset(node) - offset(base);
    }

    /** Scratch space for the current step, {@link Step#workspace} floats long at least. */
    float[] workspace() {
        return workspace;
    }
}
