package io.resnet4j.backend;

/**
 * One step of a compiled plan in a profile: what it covers (graph node names, fused ones joined with {@code +}),
 * its multiply-accumulates for the profiled input, and how long it took.
 */
public record StepTiming(String step, long macs, long nanos) {}
